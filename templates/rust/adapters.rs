/// Ready transports for real analytics clients. Each is compiled only when the crate that
/// includes this module enables the cargo feature named after the client.
// The features belong to the including crate, which may not declare them.
#[allow(unexpected_cfgs)]
pub mod adapters {
    /// A transport for the [`segment`](https://crates.io/crates/segment) crate.
    ///
    /// Enable it with a `segment` feature in your `Cargo.toml`:
    /// `segment = ["dep:segment", "dep:tokio"]`, with `segment` and `tokio` (features `rt` and
    /// `time`; `reqwest`, which `segment` uses, already builds it) as optional dependencies.
    ///
    /// Every message gets a random `messageId` (a UUID v4) unless the call's options give one, so
    /// that Segment drops the copies of a batch sent twice, and `context.library` names this
    /// module. The call's options map to the message's `timestamp`, `messageId`, `userId` and
    /// `anonymousId` (both when both are set), `context` and `integrations`; Segment has no
    /// per-message `groups` (PostHog's), so those are not sent: use `group` calls. Calls queue in memory, at most
    /// [`SegmentTransport::with_capacity`] messages; [`BackgroundFlush`] sends them from a thread
    /// of its own and flushes what is left when it shuts down.
    #[cfg(feature = "segment")]
    pub mod segment {
        use std::collections::VecDeque;
        use std::hash::{BuildHasher, Hasher};
        use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
        use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
        use std::thread::JoinHandle;
        use std::time::{Duration, Instant, SystemTime};

        use ::segment::message::{Alias, BatchMessage, Group, Identify, Page, Screen, Track, User};
        use ::segment::{Batcher, Client as _, HttpClient, Message};
        use serde_json::{Map, Value};

        use super::super::{Envelope, Transport};

        /// How many messages a transport queues unless [`SegmentTransport::with_capacity`] says
        /// otherwise.
        pub const DEFAULT_CAPACITY: usize = 1000;

        /// How long a flush of [`BackgroundFlush`] or of a dropped transport may take unless
        /// [`SegmentTransport::with_timeout`] says otherwise.
        pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

        /// The `context.library` of every message: name and version.
        pub const LIBRARY: (&str, &str) = ("trackplan-rust", "{version}");

        /// Queues calls into batches with the `segment` crate's [`Batcher`] and sends them with
        /// its [`HttpClient`] (`POST {host}/v1/batch`) when you call [`SegmentTransport::flush`],
        /// or from a [`BackgroundFlush`].
        ///
        /// The queue holds at most `capacity` messages (the batches of a flush under way are
        /// not counted until they fail). A call that finds it full wakes the background flush,
        /// if one runs, and waits for that flush to end (at most the transport's timeout); when
        /// the queue is still full, or no background flush runs, the oldest queued message is
        /// dropped to make room and counted in [`SegmentTransport::dropped`]. A call never
        /// blocks longer than that, and the queue never grows past its capacity.
        ///
        /// Dropping a transport that still holds messages flushes them first, from a thread of
        /// its own with a runtime of its own, for at most the transport's timeout; what that
        /// flush cannot send is lost, and a line on standard error says how many messages.
        pub struct SegmentTransport {
            client: HttpClient,
            write_key: String,
            capacity: usize,
            timeout: Duration,
            queue: Mutex<Queue>,
            /// Wakes a background flush: a batch or the queue is full, or it must stop.
            wake: Condvar,
            /// Tells calls waiting for room that a flush ended.
            flushed: Condvar,
        }

        struct Queue {
            batcher: Batcher,
            full: VecDeque<Message>,
            /// Messages in `batcher` and `full`.
            len: usize,
            dropped: u64,
            /// Flushes ended so far.
            flushes: u64,
            /// Background flushes running.
            background: usize,
            /// A batch or the queue is full: a background flush starts now.
            urgent: bool,
        }

        impl Queue {
            /// Moves the batch being filled to the full ones.
            fn seal(&mut self) {
                if !self.batcher.is_empty() {
                    let batch = std::mem::replace(&mut self.batcher, Batcher::new(None));
                    self.full.push_back(batch.into_message());
                }
            }

            /// Drops the oldest queued message; `false` when there is none.
            fn drop_oldest(&mut self) -> bool {
                if self.full.is_empty() {
                    self.seal();
                }
                match self.full.front_mut() {
                    None => return false,
                    Some(Message::Batch(batch)) if batch.batch.len() > 1 => {
                        batch.batch.remove(0);
                    }
                    Some(_) => {
                        self.full.pop_front();
                    }
                }
                self.len = self.len.saturating_sub(1);
                self.dropped += 1;
                true
            }

            /// Puts the messages a flush could not send back in front, then drops the oldest
            /// until at most `capacity` are queued.
            fn put_back(&mut self, mut messages: VecDeque<Message>, capacity: usize) {
                self.len += messages.iter().map(count).sum::<usize>();
                messages.append(&mut self.full);
                self.full = messages;
                while self.len > capacity && self.drop_oldest() {}
            }
        }

        /// How many messages `message` holds.
        fn count(message: &Message) -> usize {
            match message {
                Message::Batch(batch) => batch.batch.len(),
                _ => 1,
            }
        }

        /// The messages a flush took: whatever it has not sent when it ends, or when its future
        /// is dropped, goes back to the queue.
        struct Pending<'a> {
            transport: &'a SegmentTransport,
            messages: VecDeque<Message>,
        }

        impl Drop for Pending<'_> {
            fn drop(&mut self) {
                let messages = std::mem::take(&mut self.messages);
                let mut queue = self.transport.lock();
                queue.put_back(messages, self.transport.capacity);
                queue.flushes = queue.flushes.wrapping_add(1);
                drop(queue);
                self.transport.flushed.notify_all();
            }
        }

        /// Why a flush outside the caller's runtime did not send everything.
        #[derive(Debug)]
        pub enum FlushError {
            /// A request failed: the `segment` crate's error. Its batch and the later ones stay
            /// queued.
            Segment(::segment::Error),
            /// The flush took longer than the transport's timeout; what it had not sent stays
            /// queued.
            TimedOut(Duration),
            /// The flush could not start its runtime.
            Runtime(std::io::Error),
            /// The flush thread panicked.
            Panicked,
        }

        impl std::fmt::Display for FlushError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Self::Segment(error) => write!(f, "a Segment request failed: {error}"),
                    Self::TimedOut(limit) => write!(f, "the flush took longer than {limit:?}"),
                    Self::Runtime(error) => write!(f, "the flush could not start a runtime: {error}"),
                    Self::Panicked => write!(f, "the flush thread panicked"),
                }
            }
        }

        impl std::error::Error for FlushError {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                match self {
                    Self::Segment(error) => Some(error),
                    Self::Runtime(error) => Some(error),
                    Self::TimedOut(_) | Self::Panicked => None,
                }
            }
        }

        impl SegmentTransport {
            /// A transport sending through `client` with your Segment write key, queueing at most
            /// [`DEFAULT_CAPACITY`] messages. Point it at another host with
            /// `HttpClient::new(reqwest::Client::new(), host)`.
            pub fn new(client: HttpClient, write_key: impl Into<String>) -> Self {
                let queue = Queue {
                    batcher: Batcher::new(None),
                    full: VecDeque::new(),
                    len: 0,
                    dropped: 0,
                    flushes: 0,
                    background: 0,
                    urgent: false,
                };
                Self {
                    client,
                    write_key: write_key.into(),
                    capacity: DEFAULT_CAPACITY,
                    timeout: DEFAULT_TIMEOUT,
                    queue: Mutex::new(queue),
                    wake: Condvar::new(),
                    flushed: Condvar::new(),
                }
            }

            /// This transport, queueing at most `capacity` messages (at least one).
            #[must_use]
            pub fn with_capacity(mut self, capacity: usize) -> Self {
                self.capacity = capacity.max(1);
                self
            }

            /// This transport, giving a flush of [`BackgroundFlush`] or of its `Drop` at most
            /// `timeout`, and a call that finds the queue full at most `timeout` to wait for room.
            #[must_use]
            pub fn with_timeout(mut self, timeout: Duration) -> Self {
                self.timeout = timeout;
                self
            }

            /// The messages waiting to be sent.
            pub fn queued(&self) -> usize {
                self.lock().len
            }

            /// The messages dropped so far because the queue was full.
            pub fn dropped(&self) -> u64 {
                self.lock().dropped
            }

            /// Sends every queued call, one request per batch. Call it regularly and before
            /// the program exits, or let a [`BackgroundFlush`] do it.
            ///
            /// # Errors
            ///
            /// The `segment` crate's error for the first request that failed; that batch and
            /// the ones after it stay queued for the next flush (the oldest are dropped if the
            /// queue overflows meanwhile). They stay queued as well when the future is dropped
            /// before it ends.
            pub async fn flush(&self) -> Result<(), ::segment::Error> {
                let messages = {
                    let mut queue = self.lock();
                    queue.seal();
                    queue.urgent = false;
                    queue.len = 0;
                    std::mem::take(&mut queue.full)
                };
                let mut pending = Pending { transport: self, messages };
                while let Some(message) = pending.messages.front() {
                    self.client.send(self.write_key.clone(), message.clone()).await?;
                    pending.messages.pop_front();
                }
                Ok(())
            }

            /// [`SegmentTransport::flush`] from code that is not async, or from `Drop`: on a
            /// thread of its own with a runtime of its own, for at most the transport's timeout.
            ///
            /// # Errors
            ///
            /// Why not everything was sent; what was not stays queued.
            pub fn flush_blocking(&self) -> Result<(), FlushError> {
                std::thread::scope(|scope| {
                    let flush = scope.spawn(|| {
                        let runtime = ::tokio::runtime::Builder::new_current_thread()
                            .enable_all()
                            .build()
                            .map_err(FlushError::Runtime)?;
                        self.flush_on(&runtime)
                    });
                    flush.join().unwrap_or(Err(FlushError::Panicked))
                })
            }

            fn flush_on(&self, runtime: &::tokio::runtime::Runtime) -> Result<(), FlushError> {
                match runtime.block_on(async { ::tokio::time::timeout(self.timeout, self.flush()).await }) {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(error)) => Err(FlushError::Segment(error)),
                    Err(_) => Err(FlushError::TimedOut(self.timeout)),
                }
            }

            fn lock(&self) -> MutexGuard<'_, Queue> {
                self.queue.lock().unwrap_or_else(PoisonError::into_inner)
            }

            fn push(&self, mut message: BatchMessage, envelope: &Envelope) -> Result<(), ::segment::Error> {
                timestamp(&mut message, envelope)?;
                stamp(&mut message);
                let mut queue = self.lock();
                if queue.len >= self.capacity {
                    queue = self.make_room(queue);
                }
                if let Some(overflow) = queue.batcher.push(message)? {
                    queue.seal();
                    queue.batcher.push(overflow)?;
                    queue.urgent = true;
                    self.wake.notify_all();
                }
                queue.len += 1;
                Ok(())
            }

            /// Room for one more message: a background flush if one runs, else the oldest goes.
            fn make_room<'a>(&'a self, mut queue: MutexGuard<'a, Queue>) -> MutexGuard<'a, Queue> {
                if queue.background > 0 {
                    let seen = queue.flushes;
                    queue.urgent = true;
                    self.wake.notify_all();
                    let deadline = Instant::now() + self.timeout;
                    while queue.len >= self.capacity && queue.flushes == seen && queue.background > 0 {
                        let left = deadline.saturating_duration_since(Instant::now());
                        if left.is_zero() {
                            break;
                        }
                        queue = self.flushed.wait_timeout(queue, left).unwrap_or_else(PoisonError::into_inner).0;
                    }
                }
                while queue.len >= self.capacity && queue.drop_oldest() {}
                queue
            }

            /// The background flush loop: flushes every `every`, or as soon as a batch or the
            /// queue is full, until `stop`; then flushes once more.
            fn run(&self, runtime: &::tokio::runtime::Runtime, every: Duration, stop: &AtomicBool) -> Result<(), FlushError> {
                loop {
                    let stopping = {
                        let mut queue = self.lock();
                        let deadline = Instant::now() + every;
                        while !queue.urgent && !stop.load(Ordering::Acquire) {
                            let left = deadline.saturating_duration_since(Instant::now());
                            if left.is_zero() {
                                break;
                            }
                            queue = self.wake.wait_timeout(queue, left).unwrap_or_else(PoisonError::into_inner).0;
                        }
                        stop.load(Ordering::Acquire)
                    };
                    let result = self.flush_on(runtime);
                    if stopping {
                        return result;
                    }
                }
            }
        }

        impl Drop for SegmentTransport {
            fn drop(&mut self) {
                if self.queued() == 0 {
                    return;
                }
                if let Err(error) = self.flush_blocking() {
                    eprintln!(
                        "trackplan: {} Segment messages lost: the transport was dropped and its last flush failed: {error}",
                        self.queued()
                    );
                }
            }
        }

        /// Flushes a [`SegmentTransport`] from a thread of its own (with a `tokio` runtime of
        /// its own, so it works from async and blocking code alike) every `every`, and as soon
        /// as a batch or the queue is full. A flush that fails leaves its messages queued for
        /// the next one.
        ///
        /// [`BackgroundFlush::shutdown`] stops it after one last flush of everything queued;
        /// dropping it does the same and ignores that flush's error (what it could not send
        /// stays in the transport, whose own `Drop` tries once more and reports what is lost).
        pub struct BackgroundFlush {
            transport: Arc<SegmentTransport>,
            stop: Arc<AtomicBool>,
            thread: Option<JoinHandle<Result<(), FlushError>>>,
        }

        impl BackgroundFlush {
            /// Starts flushing `transport` every `every`. Track through the same `Arc` (a
            /// [`Transport`] too): `Tracker::new(Arc::clone(&transport), ...)`.
            ///
            /// # Errors
            ///
            /// When the runtime or the thread could not be started.
            pub fn start(transport: Arc<SegmentTransport>, every: Duration) -> std::io::Result<Self> {
                let runtime = ::tokio::runtime::Builder::new_current_thread().enable_all().build()?;
                let stop = Arc::new(AtomicBool::new(false));
                transport.lock().background += 1;
                let (worker, stopped) = (Arc::clone(&transport), Arc::clone(&stop));
                let thread = std::thread::Builder::new()
                    .name("trackplan-segment-flush".to_owned())
                    .spawn(move || worker.run(&runtime, every, &stopped));
                match thread {
                    Ok(thread) => Ok(Self { transport, stop, thread: Some(thread) }),
                    Err(error) => {
                        let mut queue = transport.lock();
                        queue.background = queue.background.saturating_sub(1);
                        drop(queue);
                        Err(error)
                    }
                }
            }

            /// The transport it flushes.
            pub const fn transport(&self) -> &Arc<SegmentTransport> {
                &self.transport
            }

            /// Stops the thread after one last flush of everything queued, which may take the
            /// transport's timeout.
            ///
            /// # Errors
            ///
            /// Why that last flush did not send everything; what it did not send stays queued
            /// in the transport.
            pub fn shutdown(mut self) -> Result<(), FlushError> {
                self.stop()
            }

            fn stop(&mut self) -> Result<(), FlushError> {
                let Some(thread) = self.thread.take() else {
                    return Ok(());
                };
                {
                    let _queue = self.transport.lock();
                    self.stop.store(true, Ordering::Release);
                    self.transport.wake.notify_all();
                }
                let result = thread.join().unwrap_or(Err(FlushError::Panicked));
                let mut queue = self.transport.lock();
                queue.background = queue.background.saturating_sub(1);
                drop(queue);
                self.transport.flushed.notify_all();
                result
            }
        }

        impl Drop for BackgroundFlush {
            fn drop(&mut self) {
                let _ = self.stop();
            }
        }

        /// Gives `message` a `messageId` and `context.library`, keeping ones already set.
        fn stamp(message: &mut BatchMessage) {
            let (extra, context) = match message {
                BatchMessage::Identify(m) => (&mut m.extra, &mut m.context),
                BatchMessage::Track(m) => (&mut m.extra, &mut m.context),
                BatchMessage::Page(m) => (&mut m.extra, &mut m.context),
                BatchMessage::Screen(m) => (&mut m.extra, &mut m.context),
                BatchMessage::Group(m) => (&mut m.extra, &mut m.context),
                BatchMessage::Alias(m) => (&mut m.extra, &mut m.context),
            };
            extra.entry("messageId").or_insert_with(|| Value::String(message_id()));
            let library = || {
                let (name, version) = LIBRARY;
                let mut library = Map::new();
                library.insert("name".to_owned(), Value::from(name));
                library.insert("version".to_owned(), Value::from(version));
                Value::Object(library)
            };
            match context {
                Some(Value::Object(context)) => {
                    context.entry("library").or_insert_with(library);
                }
                Some(_) => {}
                None => *context = Some(Value::Object(Map::from_iter([("library".to_owned(), library())]))),
            }
        }

        /// A random UUID v4. The bits come from the standard library's randomly keyed SipHash
        /// (seeded by the operating system) over a process-wide counter and the clock, so two
        /// ids of one process never repeat and ids of different processes collide only by
        /// chance.
        fn message_id() -> String {
            static COUNTER: AtomicU64 = AtomicU64::new(0);
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u64(n);
            hasher.write_u128(now);
            let high = hasher.finish();
            hasher.write_u64(n);
            let low = hasher.finish();
            let bits = (u128::from(high) << 64) | u128::from(low);
            // Version 4 (bits 76..80) and the RFC 4122 variant (bits 62..64).
            let bits = (bits & !(0xf_u128 << 76) & !(0x3_u128 << 62)) | (0x4_u128 << 76) | (0x2_u128 << 62);
            format!(
                "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
                bits >> 96,
                (bits >> 80) & 0xffff,
                (bits >> 64) & 0xffff,
                (bits >> 48) & 0xffff,
                bits & 0xffff_ffff_ffff
            )
        }

        /// The `segment` crate's user of `message`: its user id, anonymous id or both.
        fn user(message: &Envelope) -> User {
            match (&message.user_id, &message.anonymous_id) {
                (Some(user_id), Some(anonymous_id)) => User::Both { user_id: user_id.clone(), anonymous_id: anonymous_id.clone() },
                (Some(user_id), None) => User::UserId { user_id: user_id.clone() },
                (None, anonymous_id) => User::AnonymousId { anonymous_id: anonymous_id.clone().unwrap_or_default() },
            }
        }

        /// The message's `context`: left out when empty (then [`stamp`] adds one for the library).
        fn context(message: &Envelope) -> Option<Value> {
            (!message.context.is_empty()).then(|| Value::Object(message.context.clone()))
        }

        /// The message's `integrations`: left out when the call gives none.
        fn integrations(message: &Envelope) -> Option<Value> {
            (!message.integrations.is_empty()).then(|| Value::Object(message.integrations.clone()))
        }

        /// The message's top-level extras: the call's `messageId`, if it gives one.
        fn extra(message: &Envelope) -> Map<String, Value> {
            message.message_id.iter().map(|id| ("messageId".to_owned(), Value::String(id.clone()))).collect()
        }

        /// Sets the call's timestamp on `message`, parsed by the `segment` crate's own serde (so
        /// the including crate needs no `time` dependency).
        ///
        /// # Errors
        ///
        /// The crate's deserialize error for a timestamp that is not RFC 3339.
        fn timestamp(message: &mut BatchMessage, envelope: &Envelope) -> Result<(), ::segment::Error> {
            let Some(at) = &envelope.timestamp else {
                return Ok(());
            };
            let mut probe = Map::new();
            probe.insert("userId".to_owned(), Value::from(""));
            probe.insert("previousId".to_owned(), Value::from(""));
            probe.insert("timestamp".to_owned(), Value::from(at.as_str()));
            let parsed: Alias = serde_json::from_value(Value::Object(probe))?;
            match message {
                BatchMessage::Identify(m) => m.timestamp = parsed.timestamp,
                BatchMessage::Track(m) => m.timestamp = parsed.timestamp,
                BatchMessage::Page(m) => m.timestamp = parsed.timestamp,
                BatchMessage::Screen(m) => m.timestamp = parsed.timestamp,
                BatchMessage::Group(m) => m.timestamp = parsed.timestamp,
                BatchMessage::Alias(m) => m.timestamp = parsed.timestamp,
            }
            Ok(())
        }

        impl Transport for SegmentTransport {
            type Error = ::segment::Error;

            fn track(&self, event: &str, properties: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error> {
                let track = Track { user: user(message), event: event.to_owned(), properties: Value::Object(properties), context: context(message), integrations: integrations(message), extra: extra(message), ..Track::default() };
                self.push(BatchMessage::Track(track), message)
            }
