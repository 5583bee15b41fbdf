//! 64-bit perceptual hash (DCT, as in pHash) and the Hamming distance between two hashes.
//!
//! The working copy is averaged down to 32 × 32, transformed with a 2-D DCT-II, and the 8 × 8
//! lowest frequencies after the DC term become 64 bits: 1 where the coefficient is above their
//! median. Resizing, recompression and a few percent of cropping move few bits; different
//! pictures differ in about half of them.

use super::gray::Gray;

const GRID: usize = 32;
const KEPT: usize = 8;

/// The hash of `g`, as a number (`{:016x}` gives the report's form).
pub fn phash(g: &Gray) -> u64 {
    let grid = g.resample(GRID as u32, GRID as u32);
    // cos[k][n] = cos(π (2n + 1) k / 2N) for the first KEPT + 1 frequencies.
    let cos: Vec<[f32; GRID]> = (0..=KEPT)
        .map(|k| {
            let mut row = [0f32; GRID];
            for (n, c) in row.iter_mut().enumerate() {
                *c = (std::f32::consts::PI * (2 * n + 1) as f32 * k as f32 / (2 * GRID) as f32)
                    .cos();
            }
            row
        })
        .collect();
    // Rows first: rows_dct[y][k] for k in 1..=KEPT.
    let rows_dct: Vec<Vec<f32>> = grid
        .chunks_exact(GRID)
        .map(|row| {
            cos.iter()
                .skip(1)
                .map(|c| row.iter().zip(c).map(|(v, c)| v * c).sum())
                .collect()
        })
        .collect();
    let mut coefficients = Vec::with_capacity(KEPT * KEPT);
    for cv in cos.iter().skip(1) {
        for k in 0..KEPT {
            let sum: f32 = rows_dct
                .iter()
                .zip(cv)
                .map(|(r, c)| r.get(k).copied().unwrap_or(0.0) * c)
                .sum();
            coefficients.push(sum);
        }
    }
    let mut sorted = coefficients.clone();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let median = (sorted.get(KEPT * KEPT / 2 - 1).copied().unwrap_or(0.0)
        + sorted.get(KEPT * KEPT / 2).copied().unwrap_or(0.0))
        / 2.0;
    coefficients
        .iter()
        .fold(0u64, |bits, &c| (bits << 1) | u64::from(c > median))
}

/// Bits in which two hashes differ.
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Parses the report's 16-hex-digit form.
pub fn parse(hex: &str) -> Option<u64> {
    (hex.len() == 16).then(|| u64::from_str_radix(hex, 16).ok())?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(w: u32, h: u32, f: impl Fn(u32, u32) -> u8) -> Gray {
        let data = (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .map(|(x, y)| f(x, y))
            .collect();
        Gray::new(w, h, data).unwrap()
    }

    #[test]
    fn same_picture_at_another_size_hashes_alike() {
        let f = |x: u32, y: u32| (((x / 7) ^ (y / 11)) % 5 * 50) as u8;
        let big = picture(400, 300, f);
        let small = big.shrink(2);
        assert!(distance(phash(&big), phash(&small)) <= 4);
        let other = picture(400, 300, |x, y| (((x / 13) + (y / 5)) % 3 * 100) as u8);
        assert!(distance(phash(&big), phash(&other)) > 16);
        assert_eq!(parse(&format!("{:016x}", phash(&big))), Some(phash(&big)));
        assert_eq!(parse("xyz"), None);
    }
}
