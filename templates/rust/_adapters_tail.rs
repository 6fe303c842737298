
            fn group(&self, group_id: &str, traits: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error> {
                let group = Group { user: user(message), group_id: group_id.to_owned(), traits: Value::Object(traits), context: context(message), integrations: integrations(message), extra: extra(message), ..Group::default() };
                self.push(BatchMessage::Group(group), message)
            }

            fn page(&self, name: &str, properties: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error> {
                let page = Page { user: user(message), name: name.to_owned(), properties: Value::Object(properties), context: context(message), integrations: integrations(message), extra: extra(message), ..Page::default() };
                self.push(BatchMessage::Page(page), message)
            }

            fn screen(&self, name: &str, properties: Map<String, Value>, message: &Envelope) -> Result<(), Self::Error> {
                let screen = Screen { user: user(message), name: name.to_owned(), properties: Value::Object(properties), context: context(message), integrations: integrations(message), extra: extra(message), ..Screen::default() };
                self.push(BatchMessage::Screen(screen), message)
            }

            fn alias(&self, previous_id: &str, message: &Envelope) -> Result<(), Self::Error> {
                let alias = Alias { user: user(message), previous_id: previous_id.to_owned(), context: context(message), integrations: integrations(message), extra: extra(message), ..Alias::default() };
                self.push(BatchMessage::Alias(alias), message)
            }
        }
    }
}
