export { NodeBootConfig, SshKeyPair, SwarmBootConfig, renderUserData } from "./user-data";
export { knownHostsLine, renderSshdDropIn, SshdDropInOptions } from "./sshd";
export { escapeForTerraform } from "./terraform-escape";
