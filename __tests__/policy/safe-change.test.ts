import { TerraformStack, Testing } from "cdktf";
import { buildApp } from "../../main";
import { SETTINGS_VARIABLES } from "../../constructs";

/** A second operator key, so that only the deploy keys (and with them user_data) differ between two configs. */
const SECOND_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKPb4UsIiIbdnBjjuM1LL21xaXozwGJnSJjolJCsBjgt casera-second-example";

function productionServers(env: Record<string, string>): Record<string, any> {
  const app = buildApp(Testing.app(), env);
  return JSON.parse(Testing.synth(app.node.findChild("casera-production") as TerraformStack)).resource.hcloud_server;
}

describe("changing a node's user_data", () => {
  const exampleKey = SETTINGS_VARIABLES.find((v) => v.name === "CASERA_SSH_PUBLIC_KEYS")!.example;
  const before = productionServers({});
  const after = productionServers({ CASERA_SSH_PUBLIC_KEYS: `${exampleKey}\n${SECOND_KEY}` });

  test("changes the rendered user_data of every manager at the same Terraform addresses", () => {
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const address of Object.keys(before)) {
      expect(after[address].user_data).not.toEqual(before[address].user_data);
      expect(after[address].user_data).toContain(SECOND_KEY);
    }
  });

  test("is ignored by Terraform's lifecycle, so the plan keeps every server instead of replacing it", () => {
    for (const server of Object.values(after)) {
      expect(server.lifecycle.ignore_changes).toEqual(expect.arrayContaining(["user_data", "ssh_keys", "image"]));
      expect(server.lifecycle.create_before_destroy).toBeUndefined();
    }
  });

  test("differs only in attributes Terraform ignores, so the plan leaves the servers as they are", () => {
    for (const address of Object.keys(before)) {
      const changed = Object.keys({ ...before[address], ...after[address] }).filter(
        (attribute) => JSON.stringify(before[address][attribute]) !== JSON.stringify(after[address][attribute]),
      );
      expect({ address, changed: changed.filter((a) => !after[address].lifecycle.ignore_changes.includes(a)) }).toEqual({ address, changed: [] });
      expect(changed).toContain("user_data");
    }
  });
});
