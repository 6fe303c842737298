//! Independent pure functions over a slice, on every core, with the results in input order.
//!
//! Loading, linting and code generation each split their work this way; one implementation keeps
//! the thread handling (scoped threads, a panic re-raised on the caller's thread) in one place.

/// The cores this process may use (at least 1).
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// How items are shared out over the threads.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Spread {
    /// Each thread takes one contiguous run of items (items of about equal cost).
    Chunks,
    /// Thread `t` takes items `t`, `t + threads`, ... (neighbouring items of very unequal cost).
    Interleaved,
}

/// `f` of every item, in order, on up to `threads` threads (on the caller's thread when that is 1
/// or fewer, or there are fewer than two items).
pub(crate) fn map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    spread: Spread,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let f = &f;
    let parts: Vec<Vec<R>> = std::thread::scope(|scope| {
        let handles: Vec<_> = match spread {
            Spread::Chunks => items
                .chunks(items.len().div_ceil(threads))
                .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
                .collect(),
            Spread::Interleaved => (0..threads)
                .map(|t| {
                    scope.spawn(move || items.iter().skip(t).step_by(threads).map(f).collect())
                })
                .collect(),
        };
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(results) => results,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    match spread {
        Spread::Chunks => parts.into_iter().flatten().collect(),
        Spread::Interleaved => {
            let mut parts: Vec<_> = parts.into_iter().map(Vec::into_iter).collect();
            let width = parts.len();
            (0..items.len())
                .filter_map(|i| parts[i % width].next())
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_input_order_however_they_are_spread() {
        let items: Vec<usize> = (0..1001).collect();
        let squares: Vec<usize> = items.iter().map(|i| i * i).collect();
        for threads in [0, 1, 2, 3, 7, 2000] {
            for spread in [Spread::Chunks, Spread::Interleaved] {
                assert_eq!(
                    map(&items, threads, spread, |i| i * i),
                    squares,
                    "{threads} {spread:?}"
                );
            }
        }
        assert!(map(&[] as &[u8], 4, Spread::Chunks, |b| *b).is_empty());
    }

    #[test]
    #[should_panic(expected = "item 5")]
    fn a_panic_in_a_thread_reaches_the_caller() {
        let items: Vec<usize> = (0..10).collect();
        map(&items, 2, Spread::Interleaved, |&i| {
            assert!(i != 5, "item {i}")
        });
    }
}
