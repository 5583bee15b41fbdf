//! Structured logs without personal data: every line of a request carries its request id;
//! identity numbers appear masked; names, file names and file contents never appear.

/// Starts the process's log output (stderr, one line per event). The level comes from
/// `SEALCHECK_LOG` (e.g. `info`, `sealcheck=debug`), default `info`.
pub fn init() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SEALCHECK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::io::stderr)
        .try_init();
}

/// A request id: the caller's `X-Request-Id` when it is short and plain (so a portal can
/// follow its own id through our logs), otherwise `sc-<counter>`.
pub fn request_id(offered: Option<&str>, counter: u64) -> String {
    match offered {
        Some(id)
            if !id.is_empty()
                && id.len() <= 64
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')) =>
        {
            id.to_string()
        }
        _ => format!("sc-{counter:08x}"),
    }
}

/// An ID number or credit code for a log line: the first 6 and last 4 characters kept (region
/// and check digits, enough to match a complaint), the rest starred. Short values are starred
/// whole.
pub fn mask_identifier(id: &str) -> String {
    let chars: Vec<char> = id.trim().chars().collect();
    if chars.len() < 12 {
        return "*".repeat(chars.len());
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if i < 6 || i + 4 >= chars.len() {
                c
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_masked() {
        assert_eq!(mask_identifier("110101199003074514"), "110101********4514");
        assert_eq!(mask_identifier("91510304MA62X5W154"), "915103********W154");
        assert_eq!(mask_identifier("12345"), "*****");
    }

    #[test]
    fn request_ids() {
        assert_eq!(request_id(Some("portal-42.a_b"), 7), "portal-42.a_b");
        assert_eq!(request_id(Some("bad id\n"), 7), "sc-00000007");
        assert_eq!(request_id(None, 255), "sc-000000ff");
        assert_eq!(request_id(Some(&"x".repeat(65)), 1), "sc-00000001");
    }
}
