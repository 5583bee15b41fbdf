//! Lower-case hexadecimal text of bytes (digests, fingerprints, serial numbers in evidence).

/// Lower-case hex of `bytes`, two digits per byte.
pub fn encode(bytes: &[u8]) -> String {
    let digit = |v: u8| char::from_digit(u32::from(v), 16).unwrap_or('0');
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(digit(b >> 4));
        s.push(digit(b & 15));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_lower_case_digits_per_byte() {
        assert_eq!(encode(&[]), "");
        assert_eq!(encode(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
    }
}
