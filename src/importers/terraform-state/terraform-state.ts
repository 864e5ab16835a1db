import { isIP } from "node:net";
import type { ManagedAsset } from "../../domains/assets/records.ts";
import { InvalidInputError } from "../../model/errors.ts";
import { defineImporter } from "../define-importer.ts";
import type { Importer, RecordItem } from "../importer.ts";
import { isObject, type Json, objects, str, texts } from "../shared/fields.ts";
import { LineFinder } from "../shared/line-finder.ts";
import { jsonDocument } from "../shared/readers.ts";

const FEED = "terraform-state";

/** Attributes that hold a resource's IP addresses (AWS, Azure, Google, DigitalOcean providers): one or a list. */
const IP_ATTRIBUTES = [
  "private_ip",
  "public_ip",
  "private_ips",
  "ipv6_addresses",
  "ip_address",
  "private_ip_address",
  "public_ip_address",
  "ipv4_address",
  "ipv4_address_private",
  "ipv6_address",
] as const;
/** Attributes that hold its DNS names. */
const DNS_ATTRIBUTES = ["private_dns", "public_dns", "fqdn", "dns_name"] as const;
/** Attributes that name it to its provider: its id, ARN and name, matched like any other name. */
const ID_ATTRIBUTES = ["id", "arn", "name"] as const;

/**
 * A top-level `values` right after the version keys: `terraform show -json`
 * of a state. A plan has `planned_values` and `resource_changes` there.
 */
const STATE_HEAD =
  /^\s*\{\s*"format_version"\s*:\s*"[^"]*"\s*,\s*("terraform_version"\s*:\s*"[^"]*"\s*,\s*)?"values"\s*:/;

/**
 * `terraform show -json` of a state (not a plan): every `mode: "managed"`
 * resource of `values.root_module` and its `child_modules`, recursively,
 * is a managed asset. Its id is the resource address
 * (`module.web.aws_instance.app[0]`); its provider `id`, `arn` and `name`
 * are aliases; its IPs come from `private_ip`, `public_ip`, `private_ips`,
 * `ipv6_addresses`, `ip_address`, `private_ip_address`,
 * `public_ip_address`, `ipv4_address`, `ipv4_address_private`,
 * `ipv6_address`; its DNS names (aliases too, the first its hostname) from
 * `private_dns`, `public_dns`, `fqdn`, `dns_name`; owner, tier and
 * environment from its `tags` (`Owner`, `Tier`, `Environment` or `Env`, any
 * case). A state has no time of its own: the snapshot is at `--scanned-at`.
 */
export const terraformState: Importer<RecordItem<ManagedAsset>> = defineImporter({
  id: "terraform-state",
  title: "Terraform state JSON (terraform show -json, without a plan)",
  feed: FEED,
  kinds: ["managed_asset"],
  detect: (sample) => STATE_HEAD.test(sample.head),
  read: jsonDocument(function* (state, ctx, text) {
    if (!isObject(state) || !("format_version" in state))
      throw new InvalidInputError(ctx.file, [{ line: 1, reason: "not Terraform JSON (no format_version)" }]);
    if ("planned_values" in state || "resource_changes" in state)
      throw new InvalidInputError(
        ctx.file,
        [{ line: 1, reason: "a Terraform plan, not a state (planned_values, resource_changes)" }],
        "import it as terraform-plan",
      );
    const at = ctx.scannedAt;
    if (at === undefined)
      throw new InvalidInputError(
        ctx.file,
        [
          {
            line: 1,
            reason: "a Terraform state has no time of its own: an inventory is the state at one time",
          },
        ],
        "pass the time the state was read (--scanned-at)",
      );
    const lines = new LineFinder(text);
    const root = isObject(state.values) && isObject(state.values.root_module) ? state.values.root_module : {};
    for (const resource of managedResources(root)) {
      const address = str(resource, "address");
      if (address === null) {
        // Found by its name instead, the next occurrence after the previous resource.
        const line = lines.next(JSON.stringify(str(resource, "name") ?? "managed"));
        yield { line, problem: "a managed resource without address" };
        continue;
      }
      const line = lines.next(JSON.stringify(address));
      yield { line, record: managedAsset(resource, address, at) };
    }
  }),
});

/** The managed resources of a module and of its child modules, depth first, in file order. */
function* managedResources(module: Json): Iterable<Json> {
  for (const resource of objects(module, "resources"))
    if (str(resource, "mode") === "managed") yield resource;
  for (const child of objects(module, "child_modules")) yield* managedResources(child);
}

function managedAsset(resource: Json, address: string, at: number): ManagedAsset {
  const values = isObject(resource.values) ? resource.values : {};
  const textsOf = (names: readonly string[]) =>
    names.flatMap((name) => {
      const value = values[name];
      return Array.isArray(value) ? texts(value) : str(value) === null ? [] : [str(value) as string];
    });
  const dns = [...new Set(textsOf(DNS_ATTRIBUTES).filter((name) => name !== ""))];
  const ips = [...new Set(textsOf(IP_ATTRIBUTES).filter((ip) => isIP(ip) !== 0))];
  const ids = textsOf(ID_ATTRIBUTES).filter((id) => id !== "" && id !== address);
  const tags = isObject(values.tags) ? values.tags : {};
  const tag = (...names: string[]) => {
    for (const [key, value] of Object.entries(tags))
      if (names.includes(key.toLowerCase()) && typeof value === "string" && value !== "") return value;
    return null;
  };
  const attributes: Record<string, string> = {};
  for (const key of ["provider_name", "module_address"] as const) {
    const value = str(resource, key);
    if (value !== null) attributes[key] = value;
  }
  return {
    kind: "managed_asset",
    feed: FEED,
    external_id: address,
    snapshot_at: at,
    asset_id: address,
    hostname: dns[0] ?? null,
    ips,
    aliases: [...new Set([...ids, ...dns])],
    asset_type: str(resource, "type"),
    owner: tag("owner"),
    tier: tag("tier"),
    environment: tag("environment", "env"),
    attributes,
  };
}
