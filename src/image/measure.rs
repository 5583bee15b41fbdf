//! Measurements on the working copy: brightness, contrast, ink, sharpness.
//!
//! Sharpness is the variance of the 4-neighbour Laplacian divided by the variance of the gray
//! levels: an edge's Laplacian grows with its contrast, so dividing by the picture's own
//! contrast lets a pale scan and a contrasty photo be judged on one scale. Blur spreads edges
//! over more pixels and the ratio falls by one to two orders of magnitude.

use super::gray::Gray;

/// What the working copy shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measures {
    pub mean: f64,
    /// Standard deviation of the gray levels.
    pub contrast: f64,
    /// Normalised variance of the Laplacian.
    pub sharpness: f64,
    /// Gray level of the paper (90th percentile).
    pub paper: u8,
    /// The darkest and brightest two pixels in a thousand: how dark the ink and how bright
    /// the paper get (a sparse page has little ink, so the extremes, not the bulk, tell).
    pub darkest: u8,
    pub brightest: u8,
    /// Pixels per ten thousand clearly darker than the paper.
    pub ink_per_10k: u32,
}

/// Measures `g`; `ink_delta` is how much darker than the paper counts as ink.
pub fn measure(g: &Gray, ink_delta: u32) -> Measures {
    let mut histogram = [0u64; 256];
    for &v in &g.data {
        if let Some(h) = histogram.get_mut(usize::from(v)) {
            *h += 1;
        }
    }
    let n = g.data.len().max(1) as f64;
    let sum: f64 = histogram
        .iter()
        .enumerate()
        .map(|(v, &c)| v as f64 * c as f64)
        .sum();
    let mean = sum / n;
    let var: f64 = histogram
        .iter()
        .enumerate()
        .map(|(v, &c)| (v as f64 - mean).powi(2) * c as f64)
        .sum::<f64>()
        / n;
    let percentile = |p: f64| -> u8 {
        let want = (p * n).ceil() as u64;
        let mut seen = 0u64;
        for (v, &c) in histogram.iter().enumerate() {
            seen += c;
            if seen >= want.max(1) {
                return v as u8;
            }
        }
        255
    };
    let paper = percentile(0.90);
    let ink_below = u32::from(paper).saturating_sub(ink_delta);
    let ink: u64 = histogram.iter().take(ink_below as usize).sum();
    let laplacian = laplacian_variance(g);
    Measures {
        mean,
        contrast: var.sqrt(),
        sharpness: if var > 1.0 { laplacian / var } else { 0.0 },
        paper,
        darkest: percentile(0.002),
        brightest: percentile(0.998),
        ink_per_10k: ((ink as f64 * 10_000.0) / n).round() as u32,
    }
}

/// Variance of `4·c − n − s − e − w` over the interior pixels.
fn laplacian_variance(g: &Gray) -> f64 {
    if g.width < 3 || g.height < 3 {
        return 0.0;
    }
    let w = g.width as usize;
    let mut sum = 0i64;
    let mut sum_sq = 0i64;
    let mut count = 0i64;
    let rows: Vec<&[u8]> = g.rows().collect();
    for window in rows.windows(3) {
        let (Some(up), Some(mid), Some(down)) = (window.first(), window.get(1), window.get(2))
        else {
            continue;
        };
        let (mut row_sum, mut row_sq) = (0i64, 0i64);
        for x in 1..w - 1 {
            let px = |r: &[u8], i: usize| i32::from(r.get(i).copied().unwrap_or(0));
            let l = 4 * px(mid, x) - px(mid, x - 1) - px(mid, x + 1) - px(up, x) - px(down, x);
            row_sum += i64::from(l);
            row_sq += i64::from(l * l);
        }
        sum += row_sum;
        sum_sq += row_sq;
        count += (w - 2) as i64;
    }
    if count == 0 {
        return 0.0;
    }
    let mean = sum as f64 / count as f64;
    sum_sq as f64 / count as f64 - mean * mean
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(w: u32, h: u32, f: impl Fn(u32, u32) -> u8) -> Gray {
        let mut data = Vec::new();
        for y in 0..h {
            for x in 0..w {
                data.push(f(x, y));
            }
        }
        Gray::new(w, h, data).unwrap()
    }

    #[test]
    fn uniform_page_has_no_contrast_or_ink() {
        let m = measure(&picture(64, 64, |_, _| 240), 60);
        assert_eq!(m.contrast, 0.0);
        assert_eq!(m.ink_per_10k, 0);
        assert_eq!(m.sharpness, 0.0);
        assert_eq!(m.mean, 240.0);
    }

    #[test]
    fn hard_edges_are_sharper_than_ramps() {
        let bars = measure(
            &picture(64, 64, |x, _| if (x / 4) % 2 == 0 { 30 } else { 230 }),
            60,
        );
        let ramp = measure(&picture(64, 64, |x, _| (x * 4) as u8), 60);
        assert!(
            bars.sharpness > 10.0 * ramp.sharpness.max(0.001),
            "{bars:?} {ramp:?}"
        );
        assert!(bars.ink_per_10k > 4000);
    }
}
