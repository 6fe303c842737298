
            fn identify(&self, user_id: &str, traits: Map<String, Value>) -> Result<(), Self::Error> {
                self.identify_with_message_context(user_id, traits, Map::new())
            }

            fn identify_with_message_context(&self, user_id: &str, traits: Map<String, Value>, context: Map<String, Value>) -> Result<(), Self::Error> {
                let user = User::UserId { user_id: user_id.to_owned() };
                let identify = Identify { user, traits: Value::Object(traits), context: self::context(context), ..Identify::default() };
                self.push(BatchMessage::Identify(identify))
            }
