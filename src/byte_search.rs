//! Finding byte strings in large buffers (whole uploads), with SIMD search so that scanning a
//! file stays cheap.

/// First position of `needle` in `haystack`; `None` for an empty needle.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    memchr::memmem::find(haystack, needle)
}

/// Last position of `needle` in `haystack`; `None` for an empty needle.
pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    memchr::memmem::rfind(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_and_last_positions() {
        assert_eq!(find(b"obj 1 obj", b"obj"), Some(0));
        assert_eq!(rfind(b"obj 1 obj", b"obj"), Some(6));
        assert_eq!(find(b"abc", b"x"), None);
        assert_eq!(find(b"abc", b""), None);
        assert_eq!(rfind(b"abc", b""), None);
    }
}
