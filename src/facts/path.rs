//! Certification path facts: the candidate paths found (policy-free), their certificates' validity intervals, the signatures linking them, and why other candidates were rejected.
