#!/bin/sh
# Regenerates the signature-algorithm fixtures in this directory (OpenSSL 3).
# Each certificate is self-signed, so its own signature exercises verify_signature with the
# AlgorithmIdentifier OpenSSL writes. Detached signatures over message.txt exercise the CMS-style
# "key OID + separate digest" path.
set -eu
cd "$(dirname "$0")"
days=36500
printf 'sealcheck signature fixture message\n' > message.txt

selfsigned() { # name keyalg-args digest [sigopts...]
    name=$1; shift; newkey=$1; shift; md=$1; shift
    # shellcheck disable=SC2086
    openssl req -x509 -new -newkey $newkey -nodes -keyout "$name.key" -subj "/CN=sealcheck $name" \
        -days $days $md "$@" -outform DER -out "$name.der" 2>/dev/null
}

selfsigned rsa2048-sha256 rsa:2048 -sha256
selfsigned rsa2048-sha1 rsa:2048 -sha1
selfsigned rsa1024-sha256 rsa:1024 -sha256
selfsigned rsa2048-pss-sha256 rsa:2048 -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32
selfsigned rsa2048-pss-salt20 rsa:2048 -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:20
# OpenSSL's own default for CMS: the largest salt the key allows (222 bytes for 2048/SHA-256).
selfsigned rsa2048-pss-saltmax rsa:2048 -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:max
selfsigned rsa2048-pss-sha512-saltmax rsa:2048 -sha512 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:max
# A short key with a hash ring has no legacy parameter set for (verified with RustCrypto rsa).
selfsigned rsa1024-sha384 rsa:1024 -sha384
selfsigned p256-sha256 "ec -pkeyopt ec_paramgen_curve:P-256" -sha256
selfsigned p256-sha384 "ec -pkeyopt ec_paramgen_curve:P-256" -sha384
selfsigned p256-sha512 "ec -pkeyopt ec_paramgen_curve:P-256" -sha512
# Hashes ring does not pair with the curve (verified with RustCrypto p256/p384): SHA-1 is weak.
selfsigned p256-sha1 "ec -pkeyopt ec_paramgen_curve:P-256" -sha1
selfsigned p384-sha1 "ec -pkeyopt ec_paramgen_curve:P-384" -sha1
selfsigned p384-sha512 "ec -pkeyopt ec_paramgen_curve:P-384" -sha512
selfsigned p384-sha384 "ec -pkeyopt ec_paramgen_curve:P-384" -sha384
selfsigned p521-sha512 "ec -pkeyopt ec_paramgen_curve:P-521" -sha512
selfsigned brainpool-sha256 "ec -pkeyopt ec_paramgen_curve:brainpoolP256r1" -sha256
selfsigned ed25519 ed25519 ""
selfsigned ed448 ed448 ""

# Detached signatures over message.txt (PKCS#1 v1.5 / DER ECDSA) and the signers' SPKIs.
for name in rsa2048-sha256 p256-sha256 p384-sha384; do
    openssl pkey -in "$name.key" -pubout -outform DER -out "$name.spki.der"
done
openssl dgst -sha256 -sign rsa2048-sha256.key -out rsa2048-sha256.message.sig message.txt
openssl dgst -sha256 -sign p256-sha256.key -out p256-sha256.message.sig message.txt
openssl dgst -sha384 -sign p384-sha384.key -out p384-sha384.message.sig message.txt

# SM2: the ofdrw test key (from ../shared/corpus/cn), SM3 with the default distinguishing id.
openssl pkey -in gm_sign_key.pem -pubout -outform DER -out gm_sign.spki.der
openssl x509 -in gm_sign_cert.pem -outform DER -out gm_sign_cert.der
openssl dgst -sm3 -sign gm_sign_key.pem -sigopt distid:1234567812345678 \
    -out gm_sign.message.sig message.txt
# Only the SM2 key from the corpus is kept; the others are regenerated each run.
find . -maxdepth 1 -name "*.key" -delete
