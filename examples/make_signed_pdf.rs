//! Writes a signed test PDF of a given size (benchmarks, scripts/compare-peers.sh).
//! Usage: cargo run --release --example make_signed_pdf -- SIZE OUT.pdf [PKI_DIR]
//! SIZE: bytes, or with a k/m suffix (100m). PKI_DIR defaults to testdata/pki/generated.

#[path = "../benches/support/signed_pdf.rs"]
mod signed_pdf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(size), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: make_signed_pdf SIZE OUT.pdf [PKI_DIR]");
        std::process::exit(64);
    };
    let lower = size.to_ascii_lowercase();
    let (digits, unit) = match lower.strip_suffix('m') {
        Some(d) => (d, 1_000_000),
        None => match lower.strip_suffix('k') {
            Some(d) => (d, 1_000),
            None => (lower.as_str(), 1),
        },
    };
    let Ok(n) = digits.parse::<usize>() else {
        eprintln!("bad size {size}");
        std::process::exit(64);
    };
    let pki = args
        .get(2)
        .map(String::as_str)
        .unwrap_or("testdata/pki/generated");
    if let Err(e) = signed_pdf::write_signed_pdf(
        n * unit,
        std::path::Path::new(pki),
        std::path::Path::new(out),
    ) {
        eprintln!("make_signed_pdf: {e}");
        std::process::exit(1);
    }
}
