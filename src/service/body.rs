//! Reading request bodies within limits: the per-request limit is enforced while the body
//! streams in (413 as soon as it is passed, without buffering the rest), the bytes of all
//! requests together stay within a budget (503 when it is spent), and a client that sends too
//! slowly meets the request's deadline.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::StatusCode;
use http_body_util::BodyExt as _;
use tokio::time::Instant;

use super::error::ApiError;

/// After the limit is passed, up to this many further bytes are read and thrown away before
/// the 413 goes out, so a client still sending sees the answer rather than a reset connection.
const DRAIN_BYTES: usize = 64 * 1024 * 1024;

/// Bytes of request bodies held by all requests together.
#[derive(Debug)]
pub struct ByteBudget {
    max: usize,
    held: Arc<AtomicUsize>,
}

/// Bytes reserved from a [`ByteBudget`], given back when dropped.
#[derive(Debug)]
pub struct Reservation {
    held: Arc<AtomicUsize>,
    bytes: usize,
}

impl Drop for Reservation {
    fn drop(&mut self) {
        self.held.fetch_sub(self.bytes, Ordering::Relaxed);
    }
}

impl ByteBudget {
    pub fn new(max: usize) -> Self {
        ByteBudget {
            max,
            held: Arc::new(AtomicUsize::new(0)),
        }
    }

    pub fn held(&self) -> usize {
        self.held.load(Ordering::Relaxed)
    }

    fn reservation(&self) -> Reservation {
        Reservation {
            held: Arc::clone(&self.held),
            bytes: 0,
        }
    }

    fn grow(&self, r: &mut Reservation, more: usize) -> bool {
        let before = self.held.fetch_add(more, Ordering::Relaxed);
        r.bytes += more;
        before.saturating_add(more) <= self.max
    }
}

/// A body read within its limits, and the budget it holds while alive.
#[derive(Debug)]
pub struct ReadBody {
    pub bytes: Bytes,
    pub reservation: Reservation,
}

/// Reads `body` up to `limit` bytes before `deadline`. `declared` is the Content-Length, if
/// any (a declared length over the limit is refused before reading).
pub async fn read_limited(
    body: Body,
    declared: Option<u64>,
    limit: usize,
    budget: &ByteBudget,
    deadline: Instant,
) -> Result<ReadBody, ApiError> {
    let too_large = || {
        ApiError::too_large(
            "body_too_large",
            format!("the request body is larger than the limit of {limit} bytes"),
        )
    };
    let mut body = body;
    if declared.is_some_and(|n| n > limit as u64) {
        drain(&mut body, deadline).await;
        return Err(too_large());
    }
    let mut reservation = budget.reservation();
    let mut buf: Vec<u8> = Vec::with_capacity(declared.map_or(0, |n| n as usize).min(limit));
    loop {
        let frame = match tokio::time::timeout_at(deadline, body.frame()).await {
            Err(_) => {
                return Err(ApiError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    "request_timeout",
                    "the request body did not arrive within the service's deadline",
                ))
            }
            Ok(None) => break,
            Ok(Some(Err(e))) => {
                return Err(ApiError::bad_request(
                    "bad_body",
                    format!("the request body could not be read: {e}"),
                ))
            }
            Ok(Some(Ok(frame))) => frame,
        };
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        if buf.len() + data.len() > limit {
            drain(&mut body, deadline).await;
            return Err(too_large());
        }
        if !budget.grow(&mut reservation, data.len()) {
            return Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "the service holds as many uploads as it can; retry shortly",
            ));
        }
        buf.extend_from_slice(&data);
    }
    Ok(ReadBody {
        bytes: Bytes::from(buf),
        reservation,
    })
}

/// Reads and discards what the client is still sending, within bounds.
async fn drain(body: &mut Body, deadline: Instant) {
    let mut seen = 0usize;
    while seen < DRAIN_BYTES {
        match tokio::time::timeout_at(deadline, body.frame()).await {
            Ok(Some(Ok(frame))) => {
                seen += frame.data_ref().map_or(0, |d| d.len());
            }
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime")
            .block_on(f)
    }

    #[test]
    fn limit_declared_streamed_and_budget() {
        block_on(async {
            let far = Instant::now() + Duration::from_secs(10);
            let budget = ByteBudget::new(10);
            let ok = read_limited(Body::from("12345"), None, 8, &budget, far)
                .await
                .expect("within limits");
            assert_eq!(&ok.bytes[..], b"12345");
            assert_eq!(budget.held(), 5);
            // The budget holds 5 of 10: another 8 bytes do not fit.
            let spent = read_limited(Body::from("abcdefgh"), None, 8, &budget, far).await;
            assert_eq!(spent.map(|_| ()).map_err(|e| e.status.as_u16()), Err(503));
            drop(ok);
            assert_eq!(budget.held(), 0);
            let over = read_limited(Body::from("123456789"), None, 8, &budget, far).await;
            assert_eq!(over.map(|_| ()).map_err(|e| e.code), Err("body_too_large"));
            let declared = read_limited(Body::from("1"), Some(9), 8, &budget, far).await;
            assert_eq!(
                declared.map(|_| ()).map_err(|e| e.status.as_u16()),
                Err(413)
            );
            assert_eq!(budget.held(), 0);
        });
    }
}
