#!/bin/sh
# Extra path-validation fixtures built on ../shared/corpus/generated/pki (whose CA keys are test
# keys): a certificate issued by an end-entity certificate, OCSP responses from the intermediate
# CA (direct and via a delegated responder), and a small SM2/SM3 hierarchy.
# Outputs go to testdata/pki/chain/. Run from the worktree root or this directory (OpenSSL 3).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
corpus=${CORPUS:-$here/../../../shared/corpus/generated/pki}
out=$here/chain
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cd "$work"

cat > ext.cnf <<'CNF'
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ocsp]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, OCSPSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

# 1. An end-entity certificate (signer-rsa2048, cA=false) used as an issuer.
openssl req -new -newkey rsa:2048 -nodes -keyout byleaf.key -subj "/CN=Issued By A Leaf" -out byleaf.csr 2>/dev/null
openssl x509 -req -in byleaf.csr -CA "$corpus/signer-rsa2048.pem" -CAkey "$corpus/signer-rsa2048.key" \
    -set_serial 0x2001 -days 3650 -sha256 -extfile ext.cnf -extensions leaf -out "$out/issued-by-leaf.pem" 2>/dev/null

# 1b. A sub-CA under the intermediate (pathlen:0 forbids it) and a signer under the sub-CA.
openssl req -new -newkey rsa:2048 -nodes -keyout subca.key -subj "/C=XX/O=PDF Sig Test Corpus/CN=Test Sub CA" -out subca.csr 2>/dev/null
openssl x509 -req -in subca.csr -CA "$corpus/intermediate.pem" -CAkey "$corpus/intermediate.key" \
    -set_serial 0x2002 -days 3650 -sha256 -extfile ext.cnf -extensions ca -out "$out/sub-ca.pem" 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout undersub.key -subj "/CN=Signer Under Sub CA" -out undersub.csr 2>/dev/null
openssl x509 -req -in undersub.csr -CA "$out/sub-ca.pem" -CAkey subca.key \
    -set_serial 0x2003 -days 3650 -sha256 -extfile ext.cnf -extensions leaf -out "$out/signer-under-sub-ca.pem" 2>/dev/null

# 1c. A signer the intermediate certified with SHA-1 (forbidden by the default policy).
openssl req -new -newkey rsa:2048 -nodes -keyout sha1.key -subj "/CN=Signer Certified With SHA-1" -out sha1.csr 2>/dev/null
openssl x509 -req -in sha1.csr -CA "$corpus/intermediate.pem" -CAkey "$corpus/intermediate.key" \
    -set_serial 0x2004 -days 3650 -sha1 -extfile ext.cnf -extensions leaf -out "$out/signer-sha1-certified.pem" 2>/dev/null

# 2. OCSP: responses signed by the intermediate itself, and by a delegated responder.
openssl req -new -newkey rsa:2048 -nodes -keyout ocsp.key -subj "/C=XX/O=PDF Sig Test Corpus/CN=Test OCSP Responder" -out ocsp.csr 2>/dev/null
openssl x509 -req -in ocsp.csr -CA "$corpus/intermediate.pem" -CAkey "$corpus/intermediate.key" \
    -set_serial 0x3001 -days 3650 -sha256 -extfile ext.cnf -extensions ocsp -out "$out/ocsp-responder.pem" 2>/dev/null
printf 'V\t360101000000Z\t\t1001\tunknown\t/CN=Signer RSA-2048\n' > index.txt
printf 'R\t360101000000Z\t260201000000Z,keyCompromise\t1005\tunknown\t/CN=Signer Revoked\n' >> index.txt
for who in rsa2048 revoked; do
    openssl ocsp -issuer "$corpus/intermediate.pem" -cert "$corpus/signer-$who.pem" -no_nonce -reqout "req-$who.der" 2>/dev/null
    openssl ocsp -index index.txt -CA "$corpus/intermediate.pem" -rsigner "$corpus/intermediate.pem" \
        -rkey "$corpus/intermediate.key" -reqin "req-$who.der" -ndays 3650 -respout "$out/ocsp-$who-direct.der" 2>/dev/null
    openssl ocsp -index index.txt -CA "$corpus/intermediate.pem" -rsigner "$out/ocsp-responder.pem" \
        -rkey ocsp.key -reqin "req-$who.der" -ndays 3650 -respout "$out/ocsp-$who-delegated.der" 2>/dev/null
done
# A response signed by a key the CA never certified (must not be accepted).
openssl req -x509 -new -newkey rsa:2048 -nodes -keyout rogue.key -subj "/CN=Rogue Responder" -days 3650 -out rogue.pem 2>/dev/null
openssl ocsp -index index.txt -CA "$corpus/intermediate.pem" -rsigner rogue.pem -rkey rogue.key \
    -reqin req-rsa2048.der -ndays 3650 -respout "$out/ocsp-rsa2048-rogue.der" 2>/dev/null

# 2b. A CA-only CRL (issuingDistributionPoint onlyContainsCACerts) of the intermediate: empty,
# and not evidence about end-entity certificates.
mkdir -p arl && : > arl/index.txt && echo 1000 > arl/crlnumber
cat > arl.cnf <<CNF
[ca]
default_ca = arl
[arl]
database = arl/index.txt
crlnumber = arl/crlnumber
default_md = sha256
default_crl_days = 3650
crl_extensions = arl_ext
[arl_ext]
issuingDistributionPoint = critical, @idp
[idp]
fullname = URI:http://example.invalid/arl.crl
onlyCA = TRUE
CNF
openssl ca -config arl.cnf -gencrl -cert "$corpus/intermediate.pem" -keyfile "$corpus/intermediate.key" \
    -out arl.pem 2>/dev/null
openssl crl -in arl.pem -outform DER -out "$out/intermediate-ca-only.crl"

# 2c. A root CRL that revokes the intermediate (serial 02) as of 2026-02-01.
mkdir -p rootrev && printf 'R\t400101000000Z\t260201000000Z,cACompromise\t02\tunknown\t/CN=Test Intermediate CA\n' > rootrev/index.txt
echo 2000 > rootrev/crlnumber
sed -e 's#arl/#rootrev/#g' -e '/^crl_extensions/d' arl.cnf > rootrev.cnf
openssl ca -config rootrev.cnf -gencrl -cert "$corpus/root.pem" -keyfile "$corpus/root.key" \
    -out rootrev.pem 2>/dev/null
openssl crl -in rootrev.pem -outform DER -out "$out/root-revokes-intermediate.crl"

# 3. SM2/SM3 hierarchy: root -> intermediate -> signer, signed with the default SM2 id.
sm2_cert() { # name subject issuer-name extensions serial
    openssl genpkey -algorithm SM2 -out "$1.key" 2>/dev/null
    openssl req -new -key "$1.key" -subj "$2" -sm3 -sigopt distid:1234567812345678 -out "$1.csr" 2>/dev/null
    if [ "$3" = self ]; then
        openssl x509 -req -in "$1.csr" -signkey "$1.key" -sm3 -sigopt distid:1234567812345678 \
            -vfyopt distid:1234567812345678 -days 7300 -set_serial "$5" -extfile ext.cnf -extensions "$4" -out "$1.pem" 2>/dev/null
    else
        openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -sm3 -sigopt distid:1234567812345678 \
            -vfyopt distid:1234567812345678 -days 3650 -set_serial "$5" -extfile ext.cnf -extensions "$4" -out "$1.pem" 2>/dev/null
    fi
}
sm2_cert sm2-root "/C=CN/O=sealcheck/CN=SM2 Test Root" self ca 0x01
sm2_cert sm2-ca "/C=CN/O=sealcheck/CN=SM2 Test CA" sm2-root ca 0x02
sm2_cert sm2-signer "/C=CN/O=sealcheck/CN=SM2 Test Signer" sm2-ca leaf 0x0a01
cp sm2-root.pem sm2-ca.pem sm2-signer.pem "$out/"

# 4. Cross-certified CAs A and B (A-by-B, B-by-A: a cycle), B also self-signed, a signer under A.
for x in A B; do
    openssl req -new -newkey rsa:2048 -nodes -keyout "cross$x.key" -subj "/CN=Cross CA $x" -out "cross$x.csr" 2>/dev/null
done
openssl x509 -req -in crossB.csr -signkey crossB.key -set_serial 0x4001 -days 3650 -sha256 \
    -extfile ext.cnf -extensions ca -out "$out/cross-b-self.pem" 2>/dev/null
openssl x509 -req -in crossA.csr -CA "$out/cross-b-self.pem" -CAkey crossB.key -set_serial 0x4002 \
    -days 3650 -sha256 -extfile ext.cnf -extensions ca -out "$out/cross-a-by-b.pem" 2>/dev/null
openssl x509 -req -in crossB.csr -CA "$out/cross-a-by-b.pem" -CAkey crossA.key -set_serial 0x4003 \
    -days 3650 -sha256 -extfile ext.cnf -extensions ca -out "$out/cross-b-by-a.pem" 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout crossleaf.key -subj "/CN=Signer Under Cross CA A" -out crossleaf.csr 2>/dev/null
openssl x509 -req -in crossleaf.csr -CA "$out/cross-a-by-b.pem" -CAkey crossA.key -set_serial 0x4004 \
    -days 3650 -sha256 -extfile ext.cnf -extensions leaf -out "$out/signer-under-cross-a.pem" 2>/dev/null
ls "$out"
