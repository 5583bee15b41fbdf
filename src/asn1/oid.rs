//! OBJECT IDENTIFIER content octets ⇄ dotted text.

/// Dotted form of OID content octets (`1.2.840.113549.1.1.11`), for messages and lookups.
/// `None` when empty, truncated, non-minimal, or an arc exceeds 128 bits (UUID arcs under
/// 2.25 need the full 128).
pub fn to_dotted(content: &[u8]) -> Option<String> {
    let mut arcs: Vec<u128> = Vec::new();
    let mut value: u128 = 0;
    let mut in_arc = false;
    for &b in content {
        if !in_arc && b == 0x80 {
            return None; // a leading 0x80 digit is a non-minimal encoding
        }
        value = value.checked_mul(128)? | u128::from(b & 0x7f);
        in_arc = b & 0x80 != 0;
        if !in_arc {
            arcs.push(value);
            value = 0;
        }
    }
    if in_arc {
        return None;
    }
    let (&first, rest) = arcs.split_first()?;
    let (a, b) = match first {
        0..=39 => (0, first),
        40..=79 => (1, first - 40),
        _ => (2, first - 80),
    };
    let mut s = format!("{a}.{b}");
    for arc in rest {
        s.push('.');
        s.push_str(&arc.to_string());
    }
    Some(s)
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
