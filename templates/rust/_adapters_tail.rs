
            fn group(&self, user: &Identity, group_id: &str, traits: Map<String, Value>, context: Map<String, Value>) -> Result<(), Self::Error> {
                let group = Group { user: self::user(user), group_id: group_id.to_owned(), traits: Value::Object(traits), context: self::context(context), ..Group::default() };
                self.push(BatchMessage::Group(group))
            }

            fn page(&self, user: &Identity, name: &str, properties: Map<String, Value>, context: Map<String, Value>) -> Result<(), Self::Error> {
                let page = Page { user: self::user(user), name: name.to_owned(), properties: Value::Object(properties), context: self::context(context), ..Page::default() };
                self.push(BatchMessage::Page(page))
            }

            fn screen(&self, user: &Identity, name: &str, properties: Map<String, Value>, context: Map<String, Value>) -> Result<(), Self::Error> {
                let screen = Screen { user: self::user(user), name: name.to_owned(), properties: Value::Object(properties), context: self::context(context), ..Screen::default() };
                self.push(BatchMessage::Screen(screen))
            }

            fn alias(&self, user_id: &str, previous_id: &str, context: Map<String, Value>) -> Result<(), Self::Error> {
                let user = User::UserId { user_id: user_id.to_owned() };
                let alias = Alias { user, previous_id: previous_id.to_owned(), context: self::context(context), ..Alias::default() };
                self.push(BatchMessage::Alias(alias))
            }
        }
    }
}
