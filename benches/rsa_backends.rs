//! ring against RustCrypto `rsa` for the RSA verifications both can do, and the path
//! `verify_signature` takes for each scheme (ring where it has the parameter set, `rsa` for
//! PSS salts other than the hash length). Inputs: the self-signed certificates of testdata/pki
//! (their own signature over their TBS bytes).
//!
//! `cargo bench --bench rsa_backends`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::{Pkcs1v15Sign, Pss, PublicKey};
use sha2_011::Digest;

struct SelfSigned {
    spki: Vec<u8>,
    key: Vec<u8>,
    alg: Vec<u8>,
    tbs: Vec<u8>,
    signature: Vec<u8>,
}

fn load(name: &str) -> SelfSigned {
    let der = std::fs::read(format!(
        "{}/testdata/pki/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect(name);
    let cert = sealcheck::pki::cert::CertificateParts::parse(&der).expect("certificate");
    let (_, parsed) = x509_parser::parse_x509_certificate(&der).expect("certificate");
    SelfSigned {
        spki: cert.spki.to_vec(),
        key: parsed
            .tbs_certificate
            .subject_pki
            .subject_public_key
            .data
            .to_vec(),
        alg: cert.signature_algorithm.to_vec(),
        tbs: cert.tbs.to_vec(),
        signature: cert.signature.to_vec(),
    }
}

fn bench(c: &mut Criterion) {
    let policy = sealcheck::Policy::default();
    let mut group = c.benchmark_group("rsa2048");

    let pkcs1 = load("rsa2048-sha256.der");
    group.bench_function("pkcs1-sha256/ring", |b| {
        b.iter(|| {
            ring::signature::UnparsedPublicKey::new(
                &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                &pkcs1.key,
            )
            .verify(black_box(&pkcs1.tbs), &pkcs1.signature)
            .unwrap()
        })
    });
    group.bench_function("pkcs1-sha256/rsa", |b| {
        b.iter(|| {
            let key = PublicKey::from_pkcs1_der(&pkcs1.key).unwrap();
            let hashed = sha2_011::Sha256::digest(black_box(&pkcs1.tbs));
            key.verify(
                Pkcs1v15Sign::new::<sha2_011::Sha256>(),
                &hashed,
                &pkcs1.signature,
            )
            .unwrap()
        })
    });

    let pss = load("rsa2048-pss-sha256.der");
    group.bench_function("pss-sha256-salt32/ring", |b| {
        b.iter(|| {
            ring::signature::UnparsedPublicKey::new(
                &ring::signature::RSA_PSS_2048_8192_SHA256,
                &pss.key,
            )
            .verify(black_box(&pss.tbs), &pss.signature)
            .unwrap()
        })
    });
    group.bench_function("pss-sha256-salt32/rsa", |b| {
        b.iter(|| {
            let key = PublicKey::from_pkcs1_der(&pss.key).unwrap();
            let hashed = sha2_011::Sha256::digest(black_box(&pss.tbs));
            key.verify(
                Pss::<sha2_011::Sha256>::new_with_salt(32),
                &hashed,
                &pss.signature,
            )
            .unwrap()
        })
    });

    // What verify_signature does end to end (ring for salt 32, rsa for the maximum salt).
    let max = load("rsa2048-pss-saltmax.der");
    for (name, cert) in [
        ("verify_signature/pss-salt32", &pss),
        ("verify_signature/pss-saltmax", &max),
        ("verify_signature/pkcs1-sha256", &pkcs1),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                sealcheck::pki::verify_signature(
                    &cert.spki,
                    &cert.alg,
                    None,
                    black_box(&cert.tbs),
                    &cert.signature,
                    &policy,
                )
                .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
