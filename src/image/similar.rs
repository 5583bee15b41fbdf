//! Whether two pictures are the same picture (resized, recompressed, slightly cropped), beyond
//! what a 64-bit hash can tell.
//!
//! The perceptual hash sees the layout: two ID cards of the same template but of different
//! people hash alike. So a hash match is only a candidate; it is confirmed on small thumbnails
//! kept in memory with the report: both are normalised (zero mean, unit variance), one is
//! cropped by up to 6 % on each side to undo a slight crop (found by descent on the mean
//! difference), and the pictures are the same when the detail of every 16 × 16 block is
//! correlated. A different name or number decorrelates its blocks, which a whole-picture
//! average would hide.

use super::gray::Gray;

/// Side of the square thumbnail kept for comparisons.
pub const THUMB: u32 = 160;
/// Side of the grid the two pictures are compared on.
const GRID: usize = 128;
const BLOCK: usize = 16;
/// Largest crop undone on each side, and the step of the search, as fractions of the side.
const MAX_CROP: f32 = 0.06;
const CROP_STEP: f32 = 0.005;
/// Steps of the crop search (each tries the eight neighbours of the current crop).
const MAX_SEARCH_STEPS: usize = 40;

/// The thumbnail of a working copy (aspect ratio not kept: both sides of a comparison are
/// squeezed alike).
pub fn thumbnail(g: &Gray) -> Vec<u8> {
    g.resample(THUMB, THUMB)
        .into_iter()
        .map(|v| v.round().clamp(0.0, 255.0) as u8)
        .collect()
}

/// How unlike `a` and `b` are under the best crop: one minus the lowest block correlation
/// (0 identical, 1 unrelated); `None` when a thumbnail is missing.
pub fn difference(a: &[u8], b: &[u8]) -> Option<f32> {
    let side = THUMB as usize;
    if a.len() != side * side || b.len() != side * side {
        return None;
    }
    let full = [0.0f32; 4];
    let b_full = normalised(&sample(b, full));
    let a_full = normalised(&sample(a, full));
    // The crop is found by descent: from no crop, move one side by one step while that makes
    // the pictures more alike. Tried on either picture (either may be the cropped one).
    let search = |cropped: &[u8], other: &[f32]| -> f32 {
        let score = |crop: [f32; 4]| mean_difference(&normalised(&sample(cropped, crop)), other);
        let mut crop = full;
        let mut best = score(crop);
        for _ in 0..MAX_SEARCH_STEPS {
            let mut improved = None;
            for side in 0..4 {
                for delta in [-CROP_STEP, CROP_STEP] {
                    let mut next = crop;
                    if let Some(v) = next.get_mut(side) {
                        *v = (*v + delta).clamp(0.0, MAX_CROP);
                    }
                    let s = score(next);
                    if s < improved.map_or(best, |(v, _)| v) {
                        improved = Some((s, next));
                    }
                }
            }
            match improved {
                Some((s, next)) => {
                    best = s;
                    crop = next;
                }
                None => break,
            }
        }
        block_decorrelation(&normalised(&sample(cropped, crop)), other)
    };
    let best = search(a, &b_full).min(search(b, &a_full));
    Some(best)
}

/// `GRID × GRID` bilinear samples of the thumbnail with `[left, top, right, bottom]` cropped.
fn sample(thumb: &[u8], crop: [f32; 4]) -> Vec<f32> {
    let side = THUMB as f32;
    let [l, t, r, b] = crop;
    let (x0, y0) = (l * side, t * side);
    let (w, h) = ((1.0 - l - r) * side, (1.0 - t - b) * side);
    let px = |x: usize, y: usize| -> f32 {
        let i = y.min(THUMB as usize - 1) * THUMB as usize + x.min(THUMB as usize - 1);
        f32::from(thumb.get(i).copied().unwrap_or(0))
    };
    let mut out = Vec::with_capacity(GRID * GRID);
    for gy in 0..GRID {
        let fy = (y0 + (gy as f32 + 0.5) * h / GRID as f32 - 0.5).max(0.0);
        let (iy, dy) = (fy.floor() as usize, fy.fract());
        for gx in 0..GRID {
            let fx = (x0 + (gx as f32 + 0.5) * w / GRID as f32 - 0.5).max(0.0);
            let (ix, dx) = (fx.floor() as usize, fx.fract());
            let top = px(ix, iy) * (1.0 - dx) + px(ix + 1, iy) * dx;
            let bottom = px(ix, iy + 1) * (1.0 - dx) + px(ix + 1, iy + 1) * dx;
            out.push(top * (1.0 - dy) + bottom * dy);
        }
    }
    out
}

fn normalised(v: &[f32]) -> Vec<f32> {
    let n = v.len().max(1) as f32;
    let mean = v.iter().sum::<f32>() / n;
    let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f32>() / n)
        .sqrt()
        .max(1.0);
    v.iter().map(|x| (x - mean) / sd).collect()
}

/// Mean absolute difference of two grids (the smooth objective of the crop search).
fn mean_difference(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().max(1) as f32;
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f32>() / n
}

/// One minus the lowest correlation, over the blocks with detail, of the two grids' detail
/// (each block minus its own mean): text that differs decorrelates its block even when the
/// layout around it is identical.
fn block_decorrelation(a: &[f32], b: &[f32]) -> f32 {
    let mut worst = 0.0f32;
    for by in 0..GRID / BLOCK {
        for bx in 0..GRID / BLOCK {
            let cells = || {
                (by * BLOCK..(by + 1) * BLOCK)
                    .flat_map(move |y| (bx * BLOCK..(bx + 1) * BLOCK).map(move |x| y * GRID + x))
            };
            let n = (BLOCK * BLOCK) as f32;
            let mean = |v: &[f32]| {
                cells()
                    .map(|i| v.get(i).copied().unwrap_or(0.0))
                    .sum::<f32>()
                    / n
            };
            let (ma, mb) = (mean(a), mean(b));
            let (mut ab, mut aa, mut bb) = (0.0f32, 0.0f32, 0.0f32);
            for i in cells() {
                let x = a.get(i).copied().unwrap_or(0.0) - ma;
                let y = b.get(i).copied().unwrap_or(0.0) - mb;
                ab += x * y;
                aa += x * x;
                bb += y * y;
            }
            // Blocks of plain paper or plain background say nothing.
            if aa / n < MIN_BLOCK_VARIANCE && bb / n < MIN_BLOCK_VARIANCE {
                continue;
            }
            let corr = ab / (aa * bb).sqrt().max(f32::EPSILON);
            worst = worst.max(1.0 - corr);
        }
    }
    worst
}

/// Variance (in units of the picture's variance) below which a block is plain.
const MIN_BLOCK_VARIANCE: f32 = 0.05;

/// Largest block decorrelation of two thumbnails of the same picture. Calibrated on
/// `testdata/images` (docs/images.md): copies resized, recompressed at quality 35, cropped by
/// 3 % on every side, darkened, blurred or shrunk to a third stay at or below 0.25; ID cards of
/// the same template with another name and number are at 0.42 or more.
pub const MAX_DECORRELATION: f32 = 0.33;

/// Whether `a` and `b` show the same picture: perceptual hashes within `max_distance` bits
/// and thumbnails that agree block by block. Returns the hash distance when they do.
pub fn same_picture(
    a: &super::ImageReport,
    b: &super::ImageReport,
    max_distance: u32,
) -> Option<u32> {
    let (ha, hb) = (
        super::phash::parse(&a.phash)?,
        super::phash::parse(&b.phash)?,
    );
    let distance = super::phash::distance(ha, hb);
    if distance > max_distance {
        return None;
    }
    match difference(&a.thumbnail, &b.thumbnail) {
        Some(d) if d <= MAX_DECORRELATION => Some(distance),
        Some(_) => None,
        // Reports read back from JSON carry no thumbnail: the hash alone decides.
        None => Some(distance),
    }
}
