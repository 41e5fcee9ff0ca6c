import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A throwaway CA and a server certificate for 127.0.0.1 / ::1 / localhost, as PEM text and files. */
export interface TestCertificates {
    /** Directory holding the files; removed by {@link removeCertificates}. */
    dir: string;
    /** CA certificate (PEM) — what clients must trust. */
    caPem: string;
    /** Path of the CA certificate, suitable for `NODE_EXTRA_CA_CERTS` in a child process. */
    caFile: string;
    /** Server certificate (PEM) signed by the CA. */
    certPem: string;
    /** Server private key (PEM). */
    keyPem: string;
}

const OPENSSL = fs.existsSync("/usr/bin/openssl") ? "/usr/bin/openssl" : "openssl";

function openssl(args: string[], cwd: string): void {
    execFileSync(OPENSSL, args, { cwd, stdio: ["ignore", "ignore", "pipe"], timeout: 20_000 });
}

/**
 * Generates a fresh CA (valid 2 days) and a server certificate for the loopback addresses with the
 * openssl CLI. EC P-256 keys keep it to a few tens of milliseconds. Nothing is written outside a new
 * temporary directory.
 */
export function generateCertificates(): TestCertificates {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-azure-ca-"));
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    openssl(
        [
            "req",
            "-x509",
            ...ec,
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=lighthouse-pec fake Azure test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
        dir,
    );
    openssl(["req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"], dir);
    fs.writeFileSync(
        path.join(dir, "server.ext"),
        "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\nbasicConstraints=CA:FALSE\n" +
            "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    );
    openssl(
        [
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ],
        dir,
    );
    const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
    return {
        dir,
        caPem: read("ca.pem"),
        caFile: path.join(dir, "ca.pem"),
        certPem: read("server.pem"),
        keyPem: read("server.key"),
    };
}

let shared: TestCertificates | undefined;

/**
 * One CA and server certificate per test process, made on first use and removed when the process exits: every fake
 * Azure of the process serves them (three openssl runs per fake were ~2 s of a test run). A fake's clients trust it
 * through `caPem`/`caFile` as before; nothing else trusts this CA.
 */
export function processCertificates(): TestCertificates {
    if (!shared) {
        const made = generateCertificates();
        process.once("exit", () => removeCertificates(made));
        shared = made;
    }
    return shared;
}

/** Deletes the temporary directory created by {@link generateCertificates}. */
export function removeCertificates(certs: TestCertificates): void {
    fs.rmSync(certs.dir, { recursive: true, force: true });
}
