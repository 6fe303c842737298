/// One of this module's structs as a JSON object, or why it cannot be one: a number that is
/// not finite (JSON has no NaN or infinity, and `serde_json` would send `null` in its place), or
/// a value that is not an object. Nothing is ever dropped silently.
fn to_map<S: serde::Serialize>(value: &S) -> Result<Map<String, Value>, String> {
    let mut finite = Finite::default();
    if value.serialize(&mut finite).is_err() {
        let mut path = String::new();
        for segment in &finite.path {
            if !path.is_empty() && segment != "[]" {
                path.push('.');
            }
            path.push_str(segment);
        }
        let path = if path.is_empty() { "the value".to_owned() } else { format!("`{path}`") };
        return Err(format!("{path} is not a finite number ({}): JSON has no NaN or infinity", finite.found));
    }
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(format!("the payload is not a JSON object but {}", match other {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        })),
        Err(e) => Err(format!("the payload cannot be serialized: {e}")),
    }
}

/// A serializer that writes nothing and fails at the first number that is not finite,
/// remembering where it is (`path`: keys, and `[]` for an array's item) and what it was
/// (`found`).
#[derive(Default)]
struct Finite {
    path: Vec<String>,
    found: String,
}

/// [`Finite`] found a number that is not finite.
#[derive(Debug)]
struct NotFinite;

impl std::fmt::Display for NotFinite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a number that is not finite")
    }
}

impl std::error::Error for NotFinite {}

impl serde::ser::Error for NotFinite {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Self
    }
}

impl Finite {
    fn float(&mut self, v: f64) -> Result<(), NotFinite> {
        if v.is_finite() {
            Ok(())
        } else {
            self.found = format!("{v}");
            Err(NotFinite)
        }
    }

    fn at<T: serde::Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), NotFinite> {
        self.path.push(key);
        value.serialize(&mut *self)?;
        self.path.pop();
        Ok(())
    }
}

impl serde::Serializer for &mut Finite {
    type Ok = ();
    type Error = NotFinite;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, _: bool) -> Result<(), NotFinite> { Ok(()) }
    fn serialize_i8(self, _: i8) -> Result<(), NotFinite> { Ok(()) }
    fn serialize_i16(self, _: i16) -> Result<(), NotFinite> { Ok(()) }
    fn serialize_i32(self, _: i32) -> Result<(), NotFinite> { Ok(()) }
    fn serialize_i64(self, _: i64) -> Result<(), NotFinite> { Ok(()) }
    fn serialize_u8(self, _: u8) -> Result<(), NotFinite> { Ok(()) }
    fn serialize_u16(self, _: u16) -> Result<(), NotFinite> { Ok(()) }
    fn serialize_u32(self, _: u32) -> Result<(), NotFinite> { Ok(()) }
    fn serialize_u64(self, _: u64) -> Result<(), NotFinite> { Ok(()) }
    fn serialize_f32(self, v: f32) -> Result<(), NotFinite> { self.float(f64::from(v)) }
    fn serialize_f64(self, v: f64) -> Result<(), NotFinite> { self.float(v) }
    fn serialize_char(self, _: char) -> Result<(), NotFinite> { Ok(()) }
    fn serialize_str(self, _: &str) -> Result<(), NotFinite> { Ok(()) }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), NotFinite> { Ok(()) }
    fn serialize_none(self) -> Result<(), NotFinite> { Ok(()) }
    fn serialize_some<T: serde::Serialize + ?Sized>(self, value: &T) -> Result<(), NotFinite> { value.serialize(self) }
    fn serialize_unit(self) -> Result<(), NotFinite> { Ok(()) }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), NotFinite> { Ok(()) }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), NotFinite> { Ok(()) }
    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), NotFinite> { value.serialize(self) }
    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(self, _: &'static str, _: u32, _: &'static str, value: &T) -> Result<(), NotFinite> { value.serialize(self) }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, NotFinite> { Ok(self) }
    fn serialize_tuple(self, _: usize) -> Result<Self, NotFinite> { Ok(self) }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, NotFinite> { Ok(self) }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self, NotFinite> { Ok(self) }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, NotFinite> { Ok(self) }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, NotFinite> { Ok(self) }
    fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self, NotFinite> { Ok(self) }
}

impl serde::ser::SerializeSeq for &mut Finite {
    type Ok = ();
    type Error = NotFinite;
    fn serialize_element<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotFinite> { self.at("[]".to_owned(), value) }
    fn end(self) -> Result<(), NotFinite> { Ok(()) }
}

impl serde::ser::SerializeTuple for &mut Finite {
    type Ok = ();
    type Error = NotFinite;
    fn serialize_element<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotFinite> { self.at("[]".to_owned(), value) }
    fn end(self) -> Result<(), NotFinite> { Ok(()) }
}

impl serde::ser::SerializeTupleStruct for &mut Finite {
    type Ok = ();
    type Error = NotFinite;
    fn serialize_field<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotFinite> { value.serialize(&mut **self) }
    fn end(self) -> Result<(), NotFinite> { Ok(()) }
}

impl serde::ser::SerializeTupleVariant for &mut Finite {
    type Ok = ();
    type Error = NotFinite;
    fn serialize_field<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotFinite> { value.serialize(&mut **self) }
    fn end(self) -> Result<(), NotFinite> { Ok(()) }
}

impl serde::ser::SerializeMap for &mut Finite {
    type Ok = ();
    type Error = NotFinite;
    fn serialize_key<T: serde::Serialize + ?Sized>(&mut self, key: &T) -> Result<(), NotFinite> {
        // The next value's place: the key as JSON text (a string key without its quotes).
        let key = serde_json::to_value(key).map_or_else(|_| "?".to_owned(), |k| match k {
            Value::String(s) => s,
            other => other.to_string(),
        });
        self.path.push(key);
        Ok(())
    }
    fn serialize_value<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotFinite> {
        value.serialize(&mut **self)?;
        self.path.pop();
        Ok(())
    }
    fn end(self) -> Result<(), NotFinite> { Ok(()) }
}

impl serde::ser::SerializeStruct for &mut Finite {
    type Ok = ();
    type Error = NotFinite;
    fn serialize_field<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), NotFinite> { self.at(key.to_owned(), value) }
    fn end(self) -> Result<(), NotFinite> { Ok(()) }
}

impl serde::ser::SerializeStructVariant for &mut Finite {
    type Ok = ();
    type Error = NotFinite;
    fn serialize_field<T: serde::Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), NotFinite> { self.at(key.to_owned(), value) }
    fn end(self) -> Result<(), NotFinite> { Ok(()) }
}
