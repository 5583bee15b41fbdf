//! OBJECT IDENTIFIER content octets ⇄ dotted text, and the table of algorithm OIDs.

// The algorithm OIDs the crate knows, in one place: digests, signature algorithms, key types
// and curves. `pki` verifies with them, `cms` names them in messages, `seal` reads SES and OFD
// spellings of them.

/// SHA-1 (OIW).
pub const OID_SHA1: &str = "1.3.14.3.2.26";
/// SHA-224 (NIST).
pub const OID_SHA224: &str = "2.16.840.1.101.3.4.2.4";
/// SHA-256 (NIST).
pub const OID_SHA256: &str = "2.16.840.1.101.3.4.2.1";
/// SHA-384 (NIST).
pub const OID_SHA384: &str = "2.16.840.1.101.3.4.2.2";
/// SHA-512 (NIST).
pub const OID_SHA512: &str = "2.16.840.1.101.3.4.2.3";
/// SHAKE256 (NIST), named in messages only.
pub const OID_SHAKE256: &str = "2.16.840.1.101.3.4.2.12";
/// SM3 (GB/T 32905, OID from GM/T 0006 / GB/T 33560).
pub const OID_SM3: &str = "1.2.156.10197.1.401";
/// rsaEncryption (PKCS #1): an RSA key, or a signature whose hash comes from elsewhere.
pub const OID_RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
/// MGF1 mask generation (RSA-PSS parameters).
pub const OID_MGF1: &str = "1.2.840.113549.1.1.8";
/// RSASSA-PSS.
pub const OID_RSASSA_PSS: &str = "1.2.840.113549.1.1.10";
/// sha1WithRSAEncryption.
pub const OID_SHA1_WITH_RSA: &str = "1.2.840.113549.1.1.5";
/// sha256WithRSAEncryption.
pub const OID_SHA256_WITH_RSA: &str = "1.2.840.113549.1.1.11";
/// sha384WithRSAEncryption.
pub const OID_SHA384_WITH_RSA: &str = "1.2.840.113549.1.1.12";
/// sha512WithRSAEncryption.
pub const OID_SHA512_WITH_RSA: &str = "1.2.840.113549.1.1.13";
/// sha224WithRSAEncryption.
pub const OID_SHA224_WITH_RSA: &str = "1.2.840.113549.1.1.14";
/// id-ecPublicKey (an EC key; the curve is a parameter).
pub const OID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
/// ecdsa-with-SHA1.
pub const OID_ECDSA_SHA1: &str = "1.2.840.10045.4.1";
/// ecdsa-with-SHA224.
pub const OID_ECDSA_SHA224: &str = "1.2.840.10045.4.3.1";
/// ecdsa-with-SHA256.
pub const OID_ECDSA_SHA256: &str = "1.2.840.10045.4.3.2";
/// ecdsa-with-SHA384.
pub const OID_ECDSA_SHA384: &str = "1.2.840.10045.4.3.3";
/// ecdsa-with-SHA512.
pub const OID_ECDSA_SHA512: &str = "1.2.840.10045.4.3.4";
/// NIST P-256 (secp256r1).
pub const OID_CURVE_P256: &str = "1.2.840.10045.3.1.7";
/// NIST P-384 (secp384r1).
pub const OID_CURVE_P384: &str = "1.3.132.0.34";
/// NIST P-521 (secp521r1).
pub const OID_CURVE_P521: &str = "1.3.132.0.35";
/// Ed25519 (RFC 8410).
pub const OID_ED25519: &str = "1.3.101.112";
/// Ed448 (RFC 8410).
pub const OID_ED448: &str = "1.3.101.113";
/// SM2 elliptic curve (GM/T 0006); also used directly as a key algorithm OID.
pub const OID_SM2_CURVE: &str = "1.2.156.10197.1.301";
/// sm2-1, the SM2 digital signature key (GB/T 35276 / GM/T 0006).
pub const OID_SM2_SIGN_KEY: &str = "1.2.156.10197.1.301.1";
/// SM2 signature with SM3 (GB/T 35275 `sm2sign-with-sm3`).
pub const OID_SM2_WITH_SM3: &str = "1.2.156.10197.1.501";

/// Dotted form of OID content octets (`1.2.840.113549.1.1.11`), for messages and lookups.
/// `None` when empty, truncated, non-minimal, or an arc exceeds 128 bits (UUID arcs under
/// 2.25 need the full 128).
pub fn to_dotted(content: &[u8]) -> Option<String> {
    // Written straight into one string: every OID of every certificate name and extension
    // comes through here (the DER reader keeps OIDs dotted), several hundred per verification.
    let mut dotted = String::with_capacity(content.len() * 3 + 2);
    let mut value: u128 = 0;
    let mut in_arc = false;
    let mut first = true;
    for &b in content {
        if !in_arc && b == 0x80 {
            return None; // a leading 0x80 digit is a non-minimal encoding
        }
        value = value.checked_mul(128)? | u128::from(b & 0x7f);
        in_arc = b & 0x80 != 0;
        if in_arc {
            continue;
        }
        if first {
            let (a, b) = match value {
                0..=39 => (0, value),
                40..=79 => (1, value - 40),
                _ => (2, value - 80),
            };
            push_decimal(&mut dotted, a);
            dotted.push('.');
            push_decimal(&mut dotted, b);
            first = false;
        } else {
            dotted.push('.');
            push_decimal(&mut dotted, value);
        }
        value = 0;
    }
    if in_arc || first {
        return None;
    }
    Some(dotted)
}

/// Appends `value` in decimal (without `format!`'s machinery or a temporary string).
fn push_decimal(out: &mut String, value: u128) {
    let mut digits = [0u8; 39]; // u128::MAX has 39 digits
    let mut len = 0;
    // Arcs almost always fit 64 bits, whose division is far cheaper than 128-bit division.
    match u64::try_from(value) {
        Ok(mut v) => {
            for slot in digits.iter_mut().rev() {
                *slot = b'0' + (v % 10) as u8;
                v /= 10;
                len += 1;
                if v == 0 {
                    break;
                }
            }
        }
        Err(_) => {
            let mut v = value;
            for slot in digits.iter_mut().rev() {
                *slot = b'0' + (v % 10) as u8;
                v /= 10;
                len += 1;
                if v == 0 {
                    break;
                }
            }
        }
    }
    let written = digits.get(digits.len() - len..).unwrap_or_default();
    out.extend(written.iter().map(|&d| char::from(d)));
}

/// Content octets of a dotted OID; `None` unless it has at least two numeric arcs, a first
/// arc of 0–2 and (under 0 and 1) a second arc below 40.
pub fn from_dotted(dotted: &str) -> Option<Vec<u8>> {
    let arcs = dotted
        .split('.')
        .map(|a| a.parse::<u128>().ok())
        .collect::<Option<Vec<u128>>>()?;
    let (&first, &second) = (arcs.first()?, arcs.get(1)?);
    if first > 2 || (first < 2 && second >= 40) {
        return None;
    }
    let mut out = Vec::new();
    let mut push_arc = |mut v: u128| {
        let mut digits = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v > 0 {
            digits.push(((v & 0x7f) as u8) | 0x80);
            v >>= 7;
        }
        digits.reverse();
        out.extend(digits);
    };
    push_arc(first.checked_mul(40)?.checked_add(second)?);
    for &arc in arcs.iter().skip(2) {
        push_arc(arc);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_round_trip() {
        for (dotted, octets) in [
            (
                "1.2.840.113549.1.1.11",
                &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b][..],
            ),
            (
                "1.2.840.113583.1.1.8",
                &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x2f, 0x01, 0x01, 0x08][..],
            ),
            (
                "1.2.156.10197.1.501",
                &[0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x75][..],
            ),
            ("1.3.14.3.2.26", &[0x2b, 0x0e, 0x03, 0x02, 0x1a][..]),
            ("1.3.101.112", &[0x2b, 0x65, 0x70][..]),
        ] {
            assert_eq!(to_dotted(octets).as_deref(), Some(dotted));
            assert_eq!(from_dotted(dotted).as_deref(), Some(octets));
        }
        // 2.25.<uuid>: a 128-bit arc.
        let uuid = "2.25.329800735698586629295641978511506172918";
        assert_eq!(
            from_dotted(uuid).and_then(|o| to_dotted(&o)).as_deref(),
            Some(uuid)
        );
        for bad in ["", "1", "1.x", "3.1", "1.40", "1..2"] {
            assert_eq!(from_dotted(bad), None, "{bad}");
        }
    }

    /// Arcs at every digit-count and width boundary read back as written.
    #[test]
    fn arcs_at_boundaries_round_trip() {
        let max = u128::MAX.to_string();
        let max_second = (u128::MAX - 80).to_string();
        let wide = (u128::from(u64::MAX) + 1).to_string();
        let arcs = [
            "0",
            "1",
            "9",
            "10",
            "39",
            "127",
            "128",
            "16383",
            "16384",
            "18446744073709551615",
        ];
        for first in ["0.0", "0.39", "1.0", "1.39", "2.0", "2.40", "2.999"] {
            for arc in arcs.iter().copied().chain([wide.as_str(), max.as_str()]) {
                let dotted = format!("{first}.{arc}.{arc}");
                let octets = from_dotted(&dotted).unwrap();
                assert_eq!(to_dotted(&octets).as_deref(), Some(dotted.as_str()));
            }
        }
        let dotted = format!("2.{max_second}");
        let octets = from_dotted(&dotted).unwrap();
        assert_eq!(to_dotted(&octets).as_deref(), Some(dotted.as_str()));
    }

    #[test]
    fn malformed_octets() {
        assert_eq!(to_dotted(&[]), None);
        assert_eq!(to_dotted(&[0x2a, 0x86]), None);
        assert_eq!(to_dotted(&[0x2a, 0x80, 0x01]), None);
        assert_eq!(to_dotted(&[0xff; 20]), None);
        let mut too_wide = vec![0x2a];
        too_wide.extend(std::iter::repeat_n(0xffu8, 19));
        too_wide.push(0x7f);
        assert_eq!(to_dotted(&too_wide), None);
    }
}
