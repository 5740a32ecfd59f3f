#!/usr/bin/env bash
# Regenerates the committed key fixtures exactly as users make keys with openssl (OpenSSL 3).
# Every RSA private key fixture holds the SAME 2048-bit key in a different encoding, so every form must
# yield the fingerprint in fingerprint.txt. The passphrase is a test-only value.
#
#   cd lambda/src/test/resources/keys && ./make-fixtures.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

PASS='snowgate-test-only'   # also in KeyFixtures.PASSPHRASE
export PASS

# The one key, as `openssl genrsa 2048` writes it (PKCS#8, unencrypted, in OpenSSL 3).
openssl genrsa -out pkcs8-plain.p8 2048
openssl rsa -in pkcs8-plain.p8 -pubout -out rsa_key.pub

# Encrypted PKCS#8: the Snowflake docs / Glue recipe (-v2 des3), AES, and PKCS#12 PBE v1 (SQLAlchemy page).
openssl pkcs8 -topk8 -v2 des3 -in pkcs8-plain.p8 -out pkcs8-des3.p8 -passout env:PASS
openssl pkcs8 -topk8 -v2 aes-256-cbc -in pkcs8-plain.p8 -out pkcs8-aes256.p8 -passout env:PASS
openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES -in pkcs8-plain.p8 -out pkcs8-v1-sha1-3des.p8 -passout env:PASS

# Legacy PKCS#1 ("BEGIN RSA PRIVATE KEY"), plain and with OpenSSL's Proc-Type: 4,ENCRYPTED headers.
openssl rsa -traditional -in pkcs8-plain.p8 -out pkcs1-plain.pem
openssl rsa -traditional -aes256 -in pkcs8-plain.p8 -out pkcs1-aes256.pem -passout env:PASS
openssl rsa -traditional -des3 -in pkcs8-plain.p8 -out pkcs1-des3.pem -passout env:PASS

# Storage forms of the recipe's key: base64 body only (with line breaks, and on one line), PEM with literal \n
# escapes (as pasted into JSON), and base64 of the DER (encrypted and plain PKCS#8, PKCS#1).
grep -v -- '-----' pkcs8-des3.p8 > pkcs8-des3.body
grep -v -- '-----' pkcs8-des3.p8 | tr -d '\n' > pkcs8-des3.body-oneline
awk '{printf "%s\\n", $0}' pkcs8-des3.p8 > pkcs8-des3.escaped
awk '{printf "%s\\n", $0}' pkcs1-aes256.pem > pkcs1-aes256.escaped
openssl pkcs8 -topk8 -v2 des3 -in pkcs8-plain.p8 -outform DER -passout env:PASS | base64 -w0 > pkcs8-des3.der.b64
openssl pkcs8 -topk8 -nocrypt -in pkcs8-plain.p8 -outform DER | base64 -w0 > pkcs8-plain.der.b64
openssl rsa -traditional -in pkcs8-plain.p8 -outform DER | base64 -w0 > pkcs1-plain.der.b64

openssl rsa -pubin -in rsa_key.pub -outform DER | openssl dgst -sha256 -binary | openssl enc -base64 \
  | sed 's/^/SHA256:/' > fingerprint.txt

# Keys that must be refused, each with its own reason.
openssl genrsa -out rsa-1024.p8 1024
openssl ecparam -name prime256v1 -genkey -noout -out ec-sec1.pem
openssl pkcs8 -topk8 -nocrypt -in ec-sec1.pem -out ec-pkcs8.p8
# Corrupt: a PEM whose body lost its middle lines (a bad copy-paste).
sed '6,12d' pkcs8-plain.p8 > corrupt.p8

# Legacy encrypted PKCS#1 whose base64 body begins with a hex digit: with its line breaks removed (pasted into a
# one-line field), the DEK-Info IV runs straight into the body. Made again until openssl's random IV gives one.
for cipher in aes256 des3; do
  until openssl rsa -traditional -$cipher -in pkcs8-plain.p8 -out pkcs1-$cipher-hexstart.pem -passout env:PASS \
      && sed -n 5p pkcs1-$cipher-hexstart.pem | grep -q '^[0-9A-Fa-f]'; do :; done
done
