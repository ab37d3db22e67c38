//! Small accessors over lopdf objects that follow references and never fail loudly: a missing
//! or mistyped entry is `None`, because untrusted PDFs get every entry wrong somewhere.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// Follows a chain of references (lopdf bounds its length).
pub fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

pub fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    deref(doc, dict.get(key).ok()?)
}

pub fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    match get(doc, dict, key)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

pub fn get_stream<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Stream> {
    get(doc, dict, key)?.as_stream().ok()
}

pub fn get_name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    get(doc, dict, key)?.as_name().ok()
}

pub fn get_f32(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f32> {
    number(get(doc, dict, key)?)
}

pub fn get_array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Vec<Object>> {
    get(doc, dict, key)?.as_array().ok()
}

/// A finite number from an Integer or Real.
pub fn number(obj: &Object) -> Option<f32> {
    let v = obj.as_float().ok()?;
    v.is_finite().then_some(v)
}

/// A list of numbers (each element dereferenced).
pub fn numbers(doc: &Document, arr: &[Object]) -> Vec<f32> {
    arr.iter()
        .filter_map(|o| deref(doc, o).and_then(number))
        .collect()
}

/// The decoded bytes of a stream, bounded; `None` when a filter fails or the limit is hit.
pub fn stream_bytes(stream: &Stream, limit: usize) -> Option<Vec<u8>> {
    stream.decompressed_content_with_limit(limit).ok()
}

/// The XObject `name` in the resources `res`: its object id when it is indirect (for caches and
/// cycle checks) and its stream.
pub fn xobject<'a>(
    doc: &'a Document,
    res: Option<&'a Dictionary>,
    name: Option<&Object>,
) -> Option<(Option<ObjectId>, &'a Stream)> {
    let entry = get_dict(doc, res?, b"XObject")?.get(name?.as_name().ok()?).ok()?;
    let stream = deref(doc, entry)?.as_stream().ok()?;
    Some((entry.as_reference().ok(), stream))
}
