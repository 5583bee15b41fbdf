//! How a path written inside an OFD package (FileRef, BaseLoc, a zip entry name) becomes the
//! key of a package file: one rule for the zip walker and the package reader alike.

/// A path written inside the package (FileRef, BaseLoc …) as a key; `..` may not climb above
/// the root.
pub fn normalise_reference(path: &str) -> Option<String> {
    let path = path.trim().replace('\\', "/");
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

/// Resolves `reference` as written in the file at `base_file`: a leading `/` means the package
/// root, otherwise the directory of `base_file`.
pub fn resolve(base_file: &str, reference: &str) -> Option<String> {
    let reference = reference.trim();
    if reference.starts_with('/') || reference.starts_with('\\') {
        return normalise_reference(reference);
    }
    let dir = match base_file.rfind('/') {
        Some(i) => base_file.get(..i).unwrap_or(""),
        None => "",
    };
    normalise_reference(&format!("{dir}/{reference}"))
}
