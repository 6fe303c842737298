
            fn identify(&self, traits: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error> {
                let identify = Identify { user: user(message), traits: Value::Object(traits), context: context(message), integrations: integrations(message), extra: extra(message), ..Identify::default() };
                self.push(BatchMessage::Identify(identify), message)
            }
