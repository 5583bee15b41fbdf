//! Modification facts: what each later revision changed, and the DocMDP/FieldMDP permissions each signature grants.
