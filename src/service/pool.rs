//! The bounded pool verification runs on: a fixed number of workers on tokio's blocking
//! threads (never on the async workers that serve connections), a bounded queue in front of
//! them, and a deadline for every job.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::time::Instant;

use super::error::ApiError;

/// Runs CPU-bound jobs, at most `workers` at once, with at most `queue` more waiting.
#[derive(Debug)]
pub struct WorkPool {
    permits: Arc<Semaphore>,
    workers: usize,
    max_waiting: usize,
    waiting: AtomicUsize,
    running: Arc<AtomicUsize>,
}

/// Decrements a counter when dropped (also when the request's future is dropped).
struct Count<'a>(&'a AtomicUsize);

impl Drop for Count<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl WorkPool {
    pub fn new(workers: usize, queue: usize) -> Self {
        let workers = workers.max(1);
        WorkPool {
            permits: Arc::new(Semaphore::new(workers)),
            workers,
            max_waiting: queue,
            waiting: AtomicUsize::new(0),
            running: Arc::new(AtomicUsize::new(0)),
        }
    }

    pub fn workers(&self) -> usize {
        self.workers
    }

    /// Jobs waiting for a worker now.
    pub fn queue_depth(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Jobs running now (including any whose request already gave up at its deadline).
    pub fn busy(&self) -> usize {
        self.running.load(Ordering::Relaxed)
    }

    /// Runs `job` on a worker. 429 when the queue is full, 503 when `deadline` passes first.
    /// A job that is still running at the deadline finishes on its worker (it holds the
    /// worker until then, so the pool stays bounded); only its answer is dropped.
    pub async fn run<T, F>(&self, deadline: Instant, job: F) -> Result<T, ApiError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = match self.permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                if self.waiting.fetch_add(1, Ordering::Relaxed) >= self.max_waiting {
                    self.waiting.fetch_sub(1, Ordering::Relaxed);
                    return Err(ApiError::busy());
                }
                let _waiting = Count(&self.waiting);
                match tokio::time::timeout_at(deadline, self.permits.clone().acquire_owned()).await
                {
                    Ok(Ok(permit)) => permit,
                    Ok(Err(_)) => return Err(ApiError::shutting_down()),
                    Err(_) => return Err(ApiError::deadline()),
                }
            }
        };
        let running = Arc::clone(&self.running);
        running.fetch_add(1, Ordering::Relaxed);
        let handle = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let _running = OwnedCount(running);
            job()
        });
        match tokio::time::timeout_at(deadline, handle).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(ApiError::internal(format!(
                "verification worker failed: {e}"
            ))),
            Err(_) => Err(ApiError::deadline()),
        }
    }
}

struct OwnedCount(Arc<AtomicUsize>);

impl Drop for OwnedCount {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime")
    }

    #[test]
    fn full_queue_is_busy_and_deadline_is_reported() {
        runtime().block_on(async {
            let pool = Arc::new(WorkPool::new(1, 1));
            let (release, wait) = std::sync::mpsc::channel::<()>();
            let far = Instant::now() + Duration::from_secs(30);
            // Occupy the only worker until released.
            let first = {
                let pool = Arc::clone(&pool);
                tokio::spawn(async move { pool.run(far, move || wait.recv().is_ok()).await })
            };
            while pool.busy() == 0 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            // One may wait; it gives up at its deadline.
            let soon = Instant::now() + Duration::from_millis(50);
            let second = {
                let pool = Arc::clone(&pool);
                tokio::spawn(async move { pool.run(soon, || 2).await })
            };
            while pool.queue_depth() == 0 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            // The queue is full: refused at once.
            let third = pool.run(far, || 3).await;
            assert_eq!(third.map_err(|e| e.code), Err("busy"));
            let second = second.await.expect("join");
            assert_eq!(second.map_err(|e| e.code), Err("deadline_exceeded"));
            assert_eq!(pool.queue_depth(), 0);
            release.send(()).expect("release");
            assert_eq!(first.await.expect("join").map_err(|e| e.code), Ok(true));
            assert_eq!(pool.run(far, || 4).await.map_err(|e| e.code), Ok(4));
        });
    }

    #[test]
    fn a_panicking_job_is_an_error_not_a_crash() {
        runtime().block_on(async {
            let pool = WorkPool::new(1, 0);
            let far = Instant::now() + Duration::from_secs(30);
            let result: Result<(), _> = pool.run(far, || panic!("boom")).await;
            assert_eq!(result.map_err(|e| e.code), Err("internal"));
            assert_eq!(pool.busy(), 0);
        });
    }
}
