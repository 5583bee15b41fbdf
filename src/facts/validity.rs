//! Validity facts: each path certificate's validity interval against the claimed, proven and validation times.
