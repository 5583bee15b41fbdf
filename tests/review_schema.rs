//! The review JSON matches docs/review.schema.json, on every decision path.
//!
//! A small validator for the subset of JSON Schema the file uses ($ref, const, enum, type,
//! required, properties, additionalProperties: false, items, minimum) keeps the schema and the
//! serialisation from drifting apart.

use sealcheck::catalog::{builtin, ApplicantType};
use sealcheck::report::{
    CertSummary, DocumentKind, DocumentReport, SignatureKind, SignatureReport,
};
use sealcheck::review::{decide, Applicant, UploadFacts};
use sealcheck::{Indication, SubIndication};
use serde_json::Value;
use time::macros::datetime;

fn schema() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/review.schema.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/$defs/").expect("local refs only");
            resolve(root, &root["$defs"][name])
        }
        None => schema,
    }
}

fn type_matches(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        other => panic!("type {other} not supported"),
    }
}

fn validate(root: &Value, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    let schema = resolve(root, schema);
    if let Some(c) = schema.get("const") {
        if c != v {
            errors.push(format!("{path}: expected {c}, found {v}"));
        }
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        if !options.contains(v) {
            errors.push(format!("{path}: {v} not in {options:?}"));
        }
    }
    if let Some(t) = schema.get("type") {
        let ok = match t {
            Value::String(t) => type_matches(t, v),
            Value::Array(ts) => ts.iter().any(|t| type_matches(t.as_str().unwrap(), v)),
            _ => panic!("bad type"),
        };
        if !ok {
            errors.push(format!("{path}: {v} is not of type {t}"));
            return;
        }
    }
    if let (Some(min), Some(n)) = (schema.get("minimum").and_then(Value::as_i64), v.as_i64()) {
        if n < min {
            errors.push(format!("{path}: {n} < {min}"));
        }
    }
    if let Value::Object(map) = v {
        for key in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !map.contains_key(key.as_str().unwrap()) {
                errors.push(format!("{path}: missing required {key}"));
            }
        }
        let props = schema.get("properties").and_then(Value::as_object);
        for (key, value) in map {
            match props.and_then(|p| p.get(key)) {
                Some(s) => validate(root, s, value, &format!("{path}.{key}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{path}: undocumented property {key}"))
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(s)) = (v, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(root, s, item, &format!("{path}[{i}]"), errors);
        }
    }
}

fn errors_of(v: &Value) -> Vec<String> {
    let root = schema();
    let mut errors = Vec::new();
    validate(&root, &root, v, "$", &mut errors);
    errors
}

fn report(kind: DocumentKind, sig: Option<(Indication, Option<SubIndication>)>) -> DocumentReport {
    let mut r = DocumentReport {
        path: "x".into(),
        kind,
        size: 10,
        sha256: "00".into(),
        signatures: Vec::new(),
        findings: Vec::new(),
        license: None,
        image: None,
        page_images: Vec::new(),
    };
    if let Some((indication, sub)) = sig {
        let mut s = SignatureReport::new(SignatureKind::Signature);
        s.signer = Some(CertSummary {
            subject: "O=某某市社会保险事业管理中心".into(),
            issuer: "CN=CA".into(),
            serial: "01".into(),
            not_before: datetime!(2025-01-01 00:00 UTC),
            not_after: datetime!(2030-01-01 00:00 UTC),
            spki_sha256: None,
            uscc: None,
            resident_id: None,
        });
        // What the verifier's issuer registry says of this signer's key.
        s.issuer = Some(sealcheck::issuers::IssuerMatch {
            name: "某某市社会保险事业管理中心".into(),
            uscc: "12440300MB00000436".into(),
            category: "social_insurance".into(),
            matched_by: sealcheck::issuers::MatchedBy::Key,
        });
        s.signing_time = Some(datetime!(2026-11-01 00:00 UTC));
        s.indication = indication;
        s.sub_indication = sub;
        r.signatures.push(s);
    }
    r
}

fn reviews() -> Vec<Value> {
    let catalog = builtin::catalog().unwrap();
    let transfer = catalog.item("insurance-transfer").unwrap();
    let pension = catalog.item("pension-claim").unwrap();
    let registration = catalog.item("unit-registration").unwrap();
    let at = datetime!(2026-11-26 00:00 UTC);
    let person = |id: &str| Applicant {
        kind: ApplicantType::Individual,
        name: "李四".into(),
        identifier: Some(id.into()),
    };
    let good = || {
        vec![
            UploadFacts::from_report(0, "a.pdf", report(DocumentKind::Pdf, None))
                .with_text("转移接续申请表"),
            UploadFacts::from_report(1, "b.jpg", report(DocumentKind::Jpeg, None))
                .declared("id_card"),
            UploadFacts::from_report(
                2,
                "c.pdf",
                report(DocumentKind::Pdf, Some((Indication::TotalPassed, None))),
            )
            .declared("contribution_certificate"),
        ]
    };
    let mut out = Vec::new();
    // accept
    out.push(decide(transfer, &person("321083197812162119"), good(), at));
    // return for correction: bad ID, tampered, missing, unmatched
    let mut uploads = good();
    uploads[2] = UploadFacts::from_report(
        2,
        "c.pdf",
        report(
            DocumentKind::Pdf,
            Some((Indication::TotalFailed, Some(SubIndication::HashFailure))),
        ),
    )
    .declared("contribution_certificate");
    uploads.remove(1);
    uploads.push(UploadFacts::from_report(
        3,
        "d.bin",
        report(DocumentKind::Unknown, None),
    ));
    out.push(decide(transfer, &person("321083197812162118"), uploads, at));
    // manual review: indeterminate signature; medium-risk item
    let mut uploads = good();
    uploads[2] = UploadFacts::from_report(
        2,
        "c.pdf",
        report(
            DocumentKind::Pdf,
            Some((
                Indication::Indeterminate,
                Some(SubIndication::NoCertificateChainFound),
            )),
        ),
    )
    .declared("contribution_certificate");
    out.push(decide(transfer, &person("321083197812162119"), uploads, at));
    out.push(decide(
        pension,
        &person("321083197812162119"),
        Vec::new(),
        at,
    ));
    // unit with nothing (deferred + missing), no identifier
    out.push(decide(
        registration,
        &Applicant {
            kind: ApplicantType::Unit,
            name: String::new(),
            identifier: None,
        },
        Vec::new(),
        at,
    ));
    out.into_iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect()
}

#[test]
fn every_decision_path_matches_the_schema() {
    let all = reviews();
    let decisions: Vec<&str> = all
        .iter()
        .map(|v| v["decision"].as_str().unwrap())
        .collect();
    assert_eq!(
        decisions,
        [
            "accept",
            "return_for_correction",
            "manual_review",
            "return_for_correction",
            "return_for_correction"
        ]
    );
    for v in &all {
        let errors = errors_of(v);
        assert!(errors.is_empty(), "{errors:#?}\n{v:#}");
    }
}

#[test]
fn the_validator_catches_drift() {
    let mut v = reviews().remove(1);
    v.as_object_mut().unwrap().remove("notice");
    v["materials"][0]["status"] = Value::from("lost");
    v["materials"][0]["colour"] = Value::from("red");
    let errors = errors_of(&v);
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

#[test]
fn a_review_of_real_files_matches_the_schema() {
    use sealcheck::review::{Application, Reviewer, Upload};
    let read =
        |p: &str| std::fs::read(format!("{}/testdata/{p}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut trust = sealcheck::TrustStore::new();
    trust
        .load_path(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata/pdf/pki/root.pem"
        )))
        .unwrap();
    let reviewer = Reviewer::new(
        sealcheck::Verifier::new(trust, sealcheck::Policy::default()),
        builtin::catalog().unwrap(),
    );
    let app = Application {
        persons: Vec::new(),
        fields: Default::default(),
        item: "insurance-transfer".into(),
        applicant: Applicant {
            kind: ApplicantType::Individual,
            name: "李四".into(),
            identifier: Some("321083197812162118".into()),
        },
        uploads: vec![
            Upload {
                material: Some("contribution_certificate".into()),
                file_name: "a.pdf".into(),
                bytes: read("pdf/tampered-byteflip-200k.pdf"),
            },
            Upload {
                material: None,
                file_name: "b.pdf".into(),
                bytes: read("pdf/rsa2048-pades-20k.pdf"),
            },
            Upload {
                material: None,
                file_name: "c.pdf".into(),
                bytes: read("review/unit_registration_form.pdf"),
            },
        ],
    };
    let v = serde_json::to_value(
        reviewer
            .review(&app, datetime!(2026-11-26 00:00 UTC))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(v["catalog_version"], "2026.12");
    let errors = errors_of(&v);
    assert!(errors.is_empty(), "{errors:#?}");
}
