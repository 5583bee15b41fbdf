//! 电子证照标识 (GB/T 36904 layout as used by the national e-licence platforms):
//! `1.2.156.3005.2.{证照类型代码}.{颁发机构代码}.{流水号}.{版本号}.{校验位}`, where the check
//! character is ISO 7064 MOD 37,36 (hybrid) over type, issuer, serial and version written
//! together without dots.

use super::IdentifierError;

/// The OID arc under which every e-licence identifier sits.
pub const ROOT: &str = "1.2.156.3005.2.";
const ALPHABET: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// Longest identifier considered (type 21 + issuer 18 + serial + version + check + dots).
const MAX_LEN: usize = 128;

/// The parts of a valid e-licence identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenseId {
    /// The whole identifier, normalised.
    pub identifier: String,
    /// 证照类型代码: usually the defining ministry's credit code plus a 3-digit sequence.
    pub type_code: String,
    /// 颁发机构代码: the issuer's credit code or an administrative-division code.
    pub issuer_code: String,
    /// Serial number of the licence within its type and issuer.
    pub serial: String,
    /// Version digit(s) of the identifier scheme.
    pub version: String,
}

/// ISO 7064 MOD 37,36 check character of `data` (characters 0-9, A-Z).
pub fn check_character(data: &str) -> Option<char> {
    const M: u32 = 36;
    let mut p = M;
    for c in data.chars() {
        let v = ALPHABET.find(c)? as u32;
        p = (p + v) % M;
        if p == 0 {
            p = M;
        }
        p = (p * 2) % (M + 1);
    }
    ALPHABET.chars().nth(((M + 1 - p) % M) as usize)
}

fn invalid(value: &str, en: &str, zh: &str) -> IdentifierError {
    IdentifierError::new(
        "LICENSE_ID_FORMAT",
        format!("e-licence identifier {value:?} is malformed: {en}"),
        format!("电子证照标识“{value}”格式错误：{zh}"),
    )
}

/// Checks one e-licence identifier.
pub fn check(value: &str) -> Result<LicenseId, IdentifierError> {
    let value = value.trim();
    if value.len() > MAX_LEN {
        return Err(invalid(value, "too long", "长度超出范围"));
    }
    let Some(rest) = value.strip_prefix(ROOT) else {
        return Err(invalid(
            value,
            "it must start with 1.2.156.3005.2.",
            "应以1.2.156.3005.2.开头",
        ));
    };
    let parts: Vec<&str> = rest.split('.').collect();
    let [type_code, issuer, serial, version, check] = parts.as_slice() else {
        return Err(invalid(
            value,
            "after the root it needs type, issuer, serial, version and check character",
            "根节点后应依次为证照类型代码、颁发机构代码、流水号、版本号和校验位",
        ));
    };
    let upper_alnum = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    };
    if !upper_alnum(type_code) || !upper_alnum(issuer) || !upper_alnum(serial) {
        return Err(invalid(
            value,
            "type, issuer and serial are digits and capital letters",
            "证照类型代码、颁发机构代码和流水号只能由数字和大写字母组成",
        ));
    }
    if version.len() != 3 || !version.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid(
            value,
            "the version is three digits",
            "版本号应为3位数字",
        ));
    }
    let data = format!("{type_code}{issuer}{serial}{version}");
    let expected = check_character(&data).unwrap_or('?');
    let mut given = check.chars();
    if given.next() != Some(expected) || given.next().is_some() {
        return Err(IdentifierError::new(
            "LICENSE_ID_CHECK_CHARACTER",
            format!("the check character of e-licence identifier {value} does not match the rest of the identifier"),
            format!("电子证照标识{value}校验位不符"),
        ));
    }
    Ok(LicenseId {
        identifier: value.to_string(),
        type_code: type_code.to_string(),
        issuer_code: issuer.to_string(),
        serial: serial.to_string(),
        version: version.to_string(),
    })
}

/// E-licence identifiers written in `text` (at most `max`).
pub fn find_in(text: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    for (pos, _) in text.match_indices(ROOT).take(max) {
        let candidate: String = text
            .get(pos..)
            .unwrap_or_default()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
            .take(MAX_LEN + 1)
            .collect();
        out.push(candidate.trim_end_matches('.').to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Real identifiers checked in cn_standards.md §4.
    const VALID: [&str; 3] = [
        "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
        "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
        "1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9",
    ];

    #[test]
    fn documented_identifiers_pass() {
        for v in VALID {
            check(v).unwrap_or_else(|e| panic!("{v}: {e}"));
        }
        let id = check(VALID[0]).unwrap();
        assert_eq!(id.type_code, "11100000000013338W011");
        assert_eq!(id.issuer_code, "11430000006122244L");
        assert_eq!(id.serial, "20230000403");
        assert_eq!(id.version, "001");
    }

    #[test]
    fn wrong_check_character_and_shape() {
        let e = check("1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.V")
            .unwrap_err();
        assert_eq!(e.code, "LICENSE_ID_CHECK_CHARACTER");
        // Never the character that would pass: it invites a valid but wrong identifier.
        assert!(!e.text.zh.contains("应为U"), "{}", e.text.zh);
        // One changed serial digit is caught.
        assert!(
            check("1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000404.001.U")
                .is_err()
        );
        assert_eq!(
            check("1.2.156.3005.1.1.2.3.001.0").unwrap_err().code,
            "LICENSE_ID_FORMAT"
        );
        assert_eq!(
            check("1.2.156.3005.2.A.B.C.01.0").unwrap_err().code,
            "LICENSE_ID_FORMAT"
        );
        assert_eq!(
            check("1.2.156.3005.2.a.B.C.001.0").unwrap_err().code,
            "LICENSE_ID_FORMAT"
        );
        assert_eq!(
            check("1.2.156.3005.2.A.B.001.0").unwrap_err().code,
            "LICENSE_ID_FORMAT"
        );
    }

    #[test]
    fn found_in_text() {
        let text = format!("证照标识：{}。持证主体：李四", VALID[2]);
        assert_eq!(find_in(&text, 8), vec![VALID[2].to_string()]);
    }
}
