package io.snowgate.lambda.key;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.ARIAEngine;
import org.bouncycastle.crypto.engines.BlowfishEngine;
import org.bouncycastle.crypto.engines.CAST5Engine;
import org.bouncycastle.crypto.engines.CamelliaEngine;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.engines.RC2Engine;
import org.bouncycastle.crypto.engines.SEEDEngine;
import org.bouncycastle.crypto.engines.SM4Engine;

/**
 * The ciphers encrypted keys are decrypted with, as BouncyCastle's lightweight engines: the block ciphers OpenSSL
 * encrypts keys with, and RC4, the one stream cipher it writes into PBES2.
 */
enum CipherAlgorithm {
    AES, ARIA, CAMELLIA, SM4, SEED, DES, DES_EDE, BLOWFISH, CAST5, RC2, RC4;

    // A switch, not a constructor reference per constant: no lambda class to spin on a cold start, and only the
    // engine used is loaded.
    BlockCipher engine() {
        return switch (this) {
            case AES -> AESEngine.newInstance();
            case ARIA -> new ARIAEngine();
            case CAMELLIA -> new CamelliaEngine();
            case SM4 -> new SM4Engine();
            case SEED -> new SEEDEngine();
            case DES -> new DESEngine();
            case DES_EDE -> new DESedeEngine();
            case BLOWFISH -> new BlowfishEngine();
            case CAST5 -> new CAST5Engine();
            case RC2 -> new RC2Engine();
            case RC4 -> throw new IllegalStateException("RC4 is a stream cipher, not a block cipher");
        };
    }
}
