//! PDF ByteRange facts: what a signature's /ByteRange and /Contents cover of the file.
