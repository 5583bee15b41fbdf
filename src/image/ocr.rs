//! OCR with Tesseract 5, run as a child process on the working copy.
//!
//! The picture goes to the engine's stdin as a PGM; its TSV output comes back on stdout and
//! is grouped into lines. The child runs with a wall-clock timeout (killed when it passes),
//! an address-space limit through `prlimit` when that tool is present, and one thread
//! (`OMP_THREAD_LIMIT=1`): a review must not let one upload take the machine.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::gray::Gray;
use super::policy::OcrOptions;
use super::report::{OcrLine, OcrText};

/// Lines kept of one page.
pub const MAX_LINES: usize = 400;
/// Bytes of engine output read.
const MAX_OUTPUT: u64 = 8 << 20;

/// Why no text was read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OcrError {
    #[error("the OCR engine {0:?} is not installed")]
    NotInstalled(String),
    #[error("the OCR engine failed: {0}")]
    Failed(String),
    #[error("the OCR engine took longer than {0} ms and was stopped")]
    TimedOut(u64),
}

/// Where `program` is: itself when it names a path, else the first match on `PATH`.
pub fn locate(program: &str) -> Option<PathBuf> {
    if program.contains('/') {
        let p = PathBuf::from(program);
        return p.is_file().then_some(p);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
    })
}

/// The engine's name and version (`tesseract 5.3.0`), from `--version`.
fn version(engine: &Path) -> String {
    Command::new(engine)
        .arg("--version")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(|l| l.trim().to_string())
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "tesseract".into())
}

/// Recognises the text of `g`.
pub fn recognise(g: &Gray, options: &OcrOptions) -> Result<OcrText, OcrError> {
    let engine =
        locate(&options.program).ok_or_else(|| OcrError::NotInstalled(options.program.clone()))?;
    let mut command = match locate("prlimit") {
        Some(prlimit) => {
            let mut c = Command::new(prlimit);
            c.arg(format!(
                "--as={}",
                options.memory_mib.saturating_mul(1 << 20)
            ))
            .arg("--")
            .arg(&engine);
            c
        }
        None => Command::new(&engine),
    };
    command
        .args([
            "stdin",
            "stdout",
            "-l",
            &options.languages,
            "--psm",
            "3",
            "tsv",
        ])
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = command
        .spawn()
        .map_err(|e| OcrError::Failed(format!("cannot start: {e}")))?;
    let mut pgm = format!("P5\n{} {}\n255\n", g.width, g.height).into_bytes();
    pgm.extend_from_slice(&g.data);
    let stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            // The engine reads the whole picture before it answers; a write error means it
            // died, which `wait` reports.
            let _ = stdin.write_all(&pgm);
        }
    });
    let stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(stdout) = stdout {
            let _ = stdout.take(MAX_OUTPUT).read_to_end(&mut out);
        }
        out
    });
    let deadline = Instant::now() + Duration::from_millis(options.timeout_ms);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = writer.join();
                let _ = reader.join();
                return Err(OcrError::TimedOut(options.timeout_ms));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(OcrError::Failed(e.to_string())),
        }
    };
    let _ = writer.join();
    let tsv = reader.join().unwrap_or_default();
    if !status.success() {
        return Err(OcrError::Failed(format!("exit status {status}")));
    }
    Ok(OcrText {
        engine: version(&engine),
        language: options.languages.clone(),
        lines: lines_from_tsv(&String::from_utf8_lossy(&tsv)),
    })
}

/// Groups Tesseract's TSV words (level 5) into lines by (page, block, paragraph, line).
/// Words of Chinese text are single characters and are joined without spaces; a space is kept
/// only between two Latin letters or digits.
pub fn lines_from_tsv(tsv: &str) -> Vec<OcrLine> {
    let mut lines: Vec<OcrLine> = Vec::new();
    let mut current: Option<([u32; 4], String, f64, u32)> = None;
    let flush = |lines: &mut Vec<OcrLine>, cur: Option<([u32; 4], String, f64, u32)>| {
        if let Some((_, text, conf, n)) = cur {
            if !text.trim().is_empty() && lines.len() < MAX_LINES {
                lines.push(OcrLine {
                    text,
                    confidence: (conf / f64::from(n.max(1)) * 10.0).round() / 10.0,
                });
            }
        }
    };
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let num = |i: usize| cols.get(i).and_then(|v| v.trim().parse::<u32>().ok());
        let (Some(5), Some(page), Some(block), Some(par), Some(line)) =
            (num(0), num(1), num(2), num(3), num(4))
        else {
            continue;
        };
        let conf: f64 = cols
            .get(10)
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0.0);
        let word = cols.get(11).map(|w| w.trim()).unwrap_or_default();
        if word.is_empty() || conf < 0.0 {
            continue;
        }
        let key = [page, block, par, line];
        if current.as_ref().map(|c| c.0) != Some(key) {
            flush(&mut lines, current.take());
            current = Some((key, String::new(), 0.0, 0));
        }
        if let Some((_, text, sum, n)) = current.as_mut() {
            let joins_latin = text
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric())
                && word
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric());
            if joins_latin {
                text.push(' ');
            }
            text.push_str(word);
            *sum += conf;
            *n += 1;
        }
    }
    flush(&mut lines, current);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_become_lines() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n\
            5\t1\t1\t1\t1\t1\t0\t0\t1\t1\t90\t姓\n\
            5\t1\t1\t1\t1\t2\t0\t0\t1\t1\t80\t名\n\
            5\t1\t1\t1\t1\t3\t0\t0\t1\t1\t70\t张三\n\
            5\t1\t1\t1\t2\t1\t0\t0\t1\t1\t95\tID\n\
            5\t1\t1\t1\t2\t2\t0\t0\t1\t1\t85\t11010519491231002X\n";
        let lines = lines_from_tsv(tsv);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "姓名张三");
        assert_eq!(lines[0].confidence, 80.0);
        assert_eq!(lines[1].text, "ID 11010519491231002X");
    }

    #[test]
    fn missing_engine_is_reported() {
        let options = OcrOptions {
            enabled: true,
            program: "/nonexistent/tesseract".into(),
            ..OcrOptions::default()
        };
        let g = Gray::new(2, 2, vec![0; 4]).unwrap();
        assert!(matches!(
            recognise(&g, &options),
            Err(OcrError::NotInstalled(_))
        ));
    }
}
