//! Background work off the UI thread: a [`Job<T>`] runs a closure on its own thread under a
//! [`Control`] (progress 0..1 and cancel, seen by every engine loop it reaches), and hands back
//! a `T` through a channel that the UI polls each frame without waiting. A job carries the
//! generation of the state it was started from, so that a stale result can be dropped.
//! This module knows no panel: each panel keeps its own jobs of its own result type.

use crate::error::Error;
use crate::work::Control;
use std::sync::mpsc::{channel, Receiver, TryRecvError};

/// A job under way that hands back a `T`.
pub struct Job<T> {
    pub label: String,
    /// The generation of the state the job started from (see [`Job::with_generation`]); 0 when
    /// none (the document's restyles are the jobs it holds with one).
    pub generation: u64,
    /// Handed back by [`take_all`] only after every earlier such job of its list (files
    /// opened together become layers in the order they were given, not the order they load).
    in_order: bool,
    /// An outcome received but held back behind an earlier job.
    held: Option<Result<T, Error>>,
    control: Control,
    rx: Receiver<Result<T, Error>>,
}

/// What the status bar needs of any job: its name, progress and a way to stop it.
pub trait Running {
    fn label(&self) -> &str;
    /// Fraction done, 0–1.
    fn progress(&self) -> f32;
    /// Stop the work: every engine loop under the job's control stops, the result is dropped.
    fn cancel(&self);
}

impl<T: Send + 'static> Job<T> {
    /// Run `work` on a new thread; every parallel loop it reaches runs under the job's control.
    pub fn spawn(
        label: impl Into<String>,
        work: impl FnOnce(&Control) -> Result<T, Error> + Send + 'static,
    ) -> Job<T> {
        let (tx, rx) = channel();
        let control = Control::new();
        let handle = control.clone();
        std::thread::spawn(move || {
            let out = crate::work::under(&handle, || work(&handle));
            if !handle.is_cancelled() {
                let _ = tx.send(out);
            }
        });
        Job {
            label: label.into(),
            generation: 0,
            in_order: false,
            held: None,
            control,
            rx,
        }
    }

    /// Hand the outcome back only after every earlier in-order job of the same list.
    pub fn in_order(mut self) -> Job<T> {
        self.in_order = true;
        self
    }

    /// Mark the job with the generation of the state it was computed from.
    pub fn with_generation(mut self, generation: u64) -> Job<T> {
        self.generation = generation;
        self
    }

    pub fn is_cancelled(&self) -> bool {
        self.control.is_cancelled()
    }

    /// The outcome, once there is one: `None` while the work runs (or after a cancel).
    pub fn poll(&self) -> Option<Result<T, Error>> {
        match self.rx.try_recv() {
            Ok(o) => Some(o),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) if self.is_cancelled() => None,
            Err(TryRecvError::Disconnected) => Some(Err(Error::input(
                "the background work stopped unexpectedly",
            ))),
        }
    }

    /// Units of work done so far (what tests watch stop rising after a cancel).
    pub fn done(&self) -> u64 {
        self.control.done()
    }
}

impl<T> Running for Job<T> {
    fn label(&self) -> &str {
        &self.label
    }

    fn progress(&self) -> f32 {
        self.control.progress()
    }

    fn cancel(&self) {
        self.control.cancel();
    }
}

/// Take a finished job's outcome out of a slot: `Some` once, when it is done. A cancelled job
/// is removed without an outcome.
pub fn take<T: Send + 'static>(slot: &mut Option<Job<T>>) -> Option<Result<T, Error>> {
    let job = slot.as_ref()?;
    if job.is_cancelled() {
        *slot = None;
        return None;
    }
    let out = job.poll()?;
    *slot = None;
    Some(out)
}

/// Take the finished jobs' outcomes out of a list (with their generations), in order.
pub fn take_all<T: Send + 'static>(list: &mut Vec<Job<T>>) -> Vec<(u64, Result<T, Error>)> {
    let mut out = Vec::new();
    let mut i = 0;
    // An earlier in-order job has not finished: later in-order ones wait.
    let mut blocked = false;
    while i < list.len() {
        if list[i].is_cancelled() {
            list.remove(i);
            continue;
        }
        if list[i].held.is_none() {
            list[i].held = list[i].poll();
        }
        let waits = list[i].in_order && blocked;
        if list[i].held.is_none() || waits {
            blocked |= list[i].in_order;
            i += 1;
            continue;
        }
        let job = list.remove(i);
        if let Some(o) = job.held {
            out.push((job.generation, o));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_in_order_are_handed_back_in_the_order_they_were_started() {
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let slow = Job::spawn("first", move |_| {
            wait.recv().ok();
            Ok(1)
        })
        .in_order();
        let fast = Job::spawn("second", |_| Ok(2)).in_order();
        let other = Job::spawn("any", |_| Ok(3));
        let mut list = vec![slow, fast, other];
        let start = Instant::now();
        // The unordered job comes back as soon as it is done; the second waits for the first.
        let mut got = Vec::new();
        while got.is_empty() && start.elapsed() < Duration::from_secs(5) {
            got = take_all(&mut list);
        }
        std::thread::sleep(Duration::from_millis(50));
        got.extend(take_all(&mut list));
        let values: Vec<i32> = got.into_iter().map(|(_, o)| o.unwrap()).collect();
        assert_eq!(values, vec![3]);
        go.send(()).unwrap();
        let mut rest = Vec::new();
        while rest.len() < 2 && start.elapsed() < Duration::from_secs(5) {
            rest.extend(take_all(&mut list));
        }
        let values: Vec<i32> = rest.into_iter().map(|(_, o)| o.unwrap()).collect();
        assert_eq!(values, vec![1, 2]);
    }
    use std::time::{Duration, Instant};

    fn wait<T: Send + 'static>(job: &mut Option<Job<T>>) -> Option<Result<T, Error>> {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if job.is_none() {
                return None;
            }
            if let Some(o) = take(job) {
                return Some(o);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    }

    #[test]
    fn a_job_hands_back_its_result_once() {
        let mut job = Some(Job::spawn("sum", |_| Ok((1..=10).sum::<u32>())));
        assert_eq!(wait(&mut job).map(|r| r.ok()), Some(Some(55)));
        assert!(job.is_none());
    }

    #[test]
    fn a_cancelled_job_frees_its_cores_and_gives_nothing() {
        // A long parallel loop under the job's control, with no Control of its own.
        let job = Job::spawn("long", |_| {
            Ok(crate::work::parallel(50_000, |i| {
                std::thread::sleep(Duration::from_millis(2));
                i as u64
            })
            .len())
        });
        std::thread::sleep(Duration::from_millis(100));
        assert!(job.done() > 0, "the work started");
        job.cancel();
        // Within 200 ms the counter of work done stops rising.
        std::thread::sleep(Duration::from_millis(200));
        let after = job.done();
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(job.done(), after, "no work after the cancel");
        assert!(after < 50_000);
        let mut slot = Some(job);
        assert!(take(&mut slot).is_none());
        assert!(slot.is_none(), "a cancelled job is removed");
    }
}
