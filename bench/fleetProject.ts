// The simulated partner project of bench:fleet: Pulumi.yaml and N CSP customer stack files.
import * as fs from "node:fs";
import * as path from "node:path";

/** The stack names of a project of N customers: customer-0000 … */
export function customerStacks(n: number): string[] {
    return Array.from({ length: n }, (_, i) => `customer-${String(i).padStart(4, "0")}`);
}

/**
 * Writes Pulumi.yaml and N CSP customer stack files (each with its customer tenant) into `dir`.
 * @param dir an existing directory
 * @param n how many customers
 */
export function writeProject(dir: string, n: number): void {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: lighthouse-pec\nruntime: nodejs\n");
    customerStacks(n).forEach((stack, i) => {
        const id = String(i).padStart(12, "0");
        fs.writeFileSync(
            path.join(dir, `Pulumi.${stack}.yaml`),
            `config:\n  lighthouse-pec:offerName: Contoso\n  lighthouse-pec:customerTenantId: 77777777-7777-4777-8777-${id}\n  lighthouse-pec:csp: "true"\n`,
        );
    });
}
