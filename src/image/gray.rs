//! The grayscale working copy: one byte per pixel, row-major. Every measurement, the
//! perceptual hash, the QR reader and OCR work on it.

/// A grayscale picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gray {
    pub width: u32,
    pub height: u32,
    /// `width × height` bytes, row after row.
    pub data: Vec<u8>,
}

impl Gray {
    /// A picture of `width × height` filled from `data`; `None` when the sizes disagree.
    pub fn new(width: u32, height: u32, data: Vec<u8>) -> Option<Gray> {
        let len = usize::try_from(u64::from(width) * u64::from(height)).ok()?;
        (data.len() == len && width > 0 && height > 0).then_some(Gray {
            width,
            height,
            data,
        })
    }

    /// Rows of pixels.
    pub fn rows(&self) -> std::slice::ChunksExact<'_, u8> {
        self.data.chunks_exact(self.width.max(1) as usize)
    }

    /// The pixel at (x, y); 0 outside the picture.
    pub fn get(&self, x: u32, y: u32) -> u8 {
        if x >= self.width || y >= self.height {
            return 0;
        }
        let at = y as usize * self.width as usize + x as usize;
        self.data.get(at).copied().unwrap_or(0)
    }

    /// Shrinks by averaging `factor × factor` blocks (area averaging: no aliasing, and the
    /// cost is one read of every pixel). Partial blocks at the right and bottom edges are
    /// averaged over the pixels they have.
    pub fn shrink(&self, factor: u32) -> Gray {
        if factor <= 1 {
            return self.clone();
        }
        let f = factor as usize;
        let (w, h) = (self.width as usize, self.height as usize);
        let (ow, oh) = (w.div_ceil(f), h.div_ceil(f));
        let mut out = Vec::with_capacity(ow * oh);
        let mut sums = vec![0u32; ow];
        let mut counts = vec![0u32; ow];
        for band in self.data.chunks(w * f) {
            sums.iter_mut().for_each(|s| *s = 0);
            counts.iter_mut().for_each(|c| *c = 0);
            for row in band.chunks_exact(w) {
                for ((sum, count), block) in
                    sums.iter_mut().zip(counts.iter_mut()).zip(row.chunks(f))
                {
                    *sum += block.iter().map(|&v| u32::from(v)).sum::<u32>();
                    *count += block.len() as u32;
                }
            }
            out.extend(
                sums.iter()
                    .zip(&counts)
                    .map(|(&s, &c)| ((s + c / 2) / c.max(1)) as u8),
            );
        }
        Gray {
            width: ow as u32,
            height: oh as u32,
            data: out,
        }
    }

    /// The smallest whole shrink factor that brings the longer side to `long_side` or less.
    pub fn factor_for(width: u32, height: u32, long_side: u32) -> u32 {
        width.max(height).div_ceil(long_side.max(1)).max(1)
    }

    /// Applies an EXIF orientation (1–8) so the picture reads as displayed.
    pub fn oriented(self, orientation: u16) -> Gray {
        if !(2..=8).contains(&orientation) {
            return self;
        }
        let (w, h) = (self.width, self.height);
        let swap = orientation >= 5;
        let (ow, oh) = if swap { (h, w) } else { (w, h) };
        let mut data = Vec::with_capacity(self.data.len());
        for y in 0..oh {
            for x in 0..ow {
                let (sx, sy) = match orientation {
                    2 => (w - 1 - x, y),
                    3 => (w - 1 - x, h - 1 - y),
                    4 => (x, h - 1 - y),
                    5 => (y, x),
                    6 => (y, h - 1 - x),
                    7 => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x),
                };
                data.push(self.get(sx, sy));
            }
        }
        Gray {
            width: ow,
            height: oh,
            data,
        }
    }

    /// Resamples to exactly `w × h` by averaging the source pixels each target pixel covers
    /// (used for the small grids of the perceptual hash).
    pub fn resample(&self, w: u32, h: u32) -> Vec<f32> {
        let mut out = Vec::with_capacity((w * h) as usize);
        for ty in 0..h {
            let y0 = u64::from(ty) * u64::from(self.height) / u64::from(h);
            let y1 = (u64::from(ty + 1) * u64::from(self.height) / u64::from(h)).max(y0 + 1);
            for tx in 0..w {
                let x0 = u64::from(tx) * u64::from(self.width) / u64::from(w);
                let x1 = (u64::from(tx + 1) * u64::from(self.width) / u64::from(w)).max(x0 + 1);
                let mut sum = 0u64;
                let mut n = 0u64;
                for y in y0..y1 {
                    for x in x0..x1 {
                        sum += u64::from(self.get(x as u32, y as u32));
                        n += 1;
                    }
                }
                out.push(sum as f32 / n.max(1) as f32);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ramp(w: u32, h: u32) -> Gray {
        let data = (0..w * h).map(|i| (i % 251) as u8).collect();
        Gray::new(w, h, data).unwrap()
    }

    #[test]
    fn shrink_averages_blocks_and_keeps_edges() {
        let g = Gray::new(3, 2, vec![0, 100, 50, 200, 100, 50]).unwrap();
        let s = g.shrink(2);
        assert_eq!((s.width, s.height), (2, 1));
        assert_eq!(s.data, vec![100, 50]);
        assert_eq!(Gray::factor_for(4000, 3000, 1600), 3);
        assert_eq!(Gray::factor_for(800, 600, 1600), 1);
    }

    #[test]
    fn orientations_map_corners() {
        // 2 × 1: [a b]
        let g = Gray::new(2, 1, vec![10, 20]).unwrap();
        assert_eq!(g.clone().oriented(2).data, vec![20, 10]);
        let r = g.clone().oriented(6); // rotate 90° clockwise: a on top
        assert_eq!((r.width, r.height, r.data.clone()), (1, 2, vec![10, 20]));
        let l = g.clone().oriented(8); // 90° counter-clockwise: b on top
        assert_eq!(l.data, vec![20, 10]);
        let big = ramp(5, 3);
        for o in 1..=8 {
            let once = big.clone().oriented(o);
            assert_eq!(once.data.len(), 15);
        }
        // Rotating 180° twice is the identity.
        assert_eq!(big.clone().oriented(3).oriented(3), big);
    }
}
