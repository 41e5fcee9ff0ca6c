/**
 * Regenerates core/roles/catalogue.json from the team's reference dump of Azure built-in roles
 * (../shared/reference/azure-builtin-roles.json; its `sources` list where each fact came from).
 * Keeps only what the role rules need: permission blocks (actions / notActions), the number of
 * data actions, and the Partner Center PEC eligibility (true / false / null = not listed).
 * Lighthouse verdicts are not stored: core/roles computes them on load from these permissions and
 * Microsoft's unsupported-actions list (core/roles/lighthouseRules.json), the one source of each.
 *
 *   npx ts-node scripts/build-role-catalogue.ts [path/to/azure-builtin-roles.json]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface ReferenceRole {
    id: string;
    name: string;
    actions: string[];
    notActions: string[];
    dataActions: string[];
    pecEligible: boolean | null;
    permissionBlocks?: { actions?: string[]; notActions?: string[] }[];
}

const source = process.argv[2] ?? join(__dirname, "..", "..", "shared", "reference", "azure-builtin-roles.json");
const reference = JSON.parse(readFileSync(source, "utf8")) as {
    generatedOn: string;
    sources: string[];
    roles: ReferenceRole[];
};

const roles = reference.roles
    .map((r) => ({
        id: r.id.toLowerCase(),
        name: r.name,
        pecEligible: r.pecEligible,
        dataActions: r.dataActions.length,
        // A flat union of several blocks can mislead (one block's notActions do not mask another's actions).
        blocks: (r.permissionBlocks ?? [r]).map((b) => ({ actions: b.actions ?? [], notActions: b.notActions ?? [] })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));

const out = { generatedOn: reference.generatedOn, sources: reference.sources, roles };
const target = join(__dirname, "..", "core", "roles", "catalogue.json");
writeFileSync(target, JSON.stringify(out) + "\n");
console.log(`wrote ${roles.length} roles to ${target}`);
