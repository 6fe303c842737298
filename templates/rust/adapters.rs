/// Ready transports for real analytics clients. Each is compiled only when the crate that
/// includes this module enables the cargo feature named after the client.
// The features belong to the including crate, which may not declare them.
#[allow(unexpected_cfgs)]
pub mod adapters {
    /// A transport for the [`segment`](https://crates.io/crates/segment) crate.
    ///
    /// Enable it with a `segment` feature in your `Cargo.toml`:
    /// `segment = ["dep:segment"]`, with `segment` as an optional dependency.
    #[cfg(feature = "segment")]
    pub mod segment {
        use std::collections::VecDeque;
        use std::sync::{Mutex, MutexGuard, PoisonError};

        use ::segment::message::{Alias, BatchMessage, Group, {identify}Page, Screen, Track, User};
        use ::segment::{Batcher, Client as _, HttpClient, Message};
        use serde_json::{Map, Value};

        use super::super::{Identity, Transport};

        /// Queues calls into batches with the `segment` crate's [`Batcher`] and sends them with
        /// its [`HttpClient`] (`POST {host}/v1/batch`) when you call [`SegmentTransport::flush`].
        pub struct SegmentTransport {
            client: HttpClient,
            write_key: String,
            queue: Mutex<Queue>,
        }

        struct Queue {
            batcher: Batcher,
            full: VecDeque<Message>,
        }

        impl SegmentTransport {
            /// A transport sending through `client` with your Segment write key. Point it at
            /// another host with `HttpClient::new(reqwest::Client::new(), host)`.
            pub fn new(client: HttpClient, write_key: impl Into<String>) -> Self {
                let queue = Queue { batcher: Batcher::new(None), full: VecDeque::new() };
                Self { client, write_key: write_key.into(), queue: Mutex::new(queue) }
            }

            /// Sends every queued call, one request per batch. Call it regularly and before
            /// the program exits.
            ///
            /// # Errors
            ///
            /// The `segment` crate's error for the first request that failed; that batch and
            /// the ones after it stay queued for the next flush.
            pub async fn flush(&self) -> Result<(), ::segment::Error> {
                let mut pending = {
                    let mut queue = self.lock();
                    let mut pending = std::mem::take(&mut queue.full);
                    if !queue.batcher.is_empty() {
                        let batch = std::mem::replace(&mut queue.batcher, Batcher::new(None));
                        pending.push_back(batch.into_message());
                    }
                    pending
                };
                while let Some(message) = pending.pop_front() {
                    if let Err(error) = self.client.send(self.write_key.clone(), message.clone()).await {
                        pending.push_front(message);
                        let mut queue = self.lock();
                        pending.append(&mut queue.full);
                        queue.full = pending;
                        return Err(error);
                    }
                }
                Ok(())
            }

            fn lock(&self) -> MutexGuard<'_, Queue> {
                self.queue.lock().unwrap_or_else(PoisonError::into_inner)
            }

            fn push(&self, message: BatchMessage) -> Result<(), ::segment::Error> {
                let mut queue = self.lock();
                if let Some(overflow) = queue.batcher.push(message)? {
                    let full = std::mem::replace(&mut queue.batcher, Batcher::new(None));
                    queue.full.push_back(full.into_message());
                    queue.batcher.push(overflow)?;
                }
                Ok(())
            }
        }

        /// The `segment` crate's user for `user`.
        fn user(user: &Identity) -> User {
            match user {
                Identity::User(id) => User::UserId { user_id: id.clone() },
                Identity::Anonymous(id) => User::AnonymousId { anonymous_id: id.clone() },
            }
        }

        /// The message's `context`: left out when empty.
        fn context(context: Map<String, Value>) -> Option<Value> {
            (!context.is_empty()).then_some(Value::Object(context))
        }

        impl Transport for SegmentTransport {
            type Error = ::segment::Error;

            fn track(&self, user: &Identity, event: &str, properties: Map<String, Value>) -> Result<(), Self::Error> {
                self.track_with_message_context(user, event, properties, Map::new())
            }

            fn track_with_message_context(&self, user: &Identity, event: &str, properties: Map<String, Value>, context: Map<String, Value>) -> Result<(), Self::Error> {
                let track = Track { user: self::user(user), event: event.to_owned(), properties: Value::Object(properties), context: self::context(context), ..Track::default() };
                self.push(BatchMessage::Track(track))
            }
