import { createWriteStream } from "node:fs";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const USERS = ["root", "admin", "test", "oracle", "ubuntu", "git", "postgres", "user", "guest", "ftpuser"];

/**
 * A deterministic OpenSSH auth log (a fixed-seed LCG) of about `targetBytes`,
 * in the real line shapes of the loghub OpenSSH sample; returns its line count.
 */
export async function generateAuthLog(path: string, targetBytes: number): Promise<number> {
  let seed = 20261123;
  const random = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 4_294_967_296;
  };
  const out = createWriteStream(path);
  let bytes = 0;
  let lines = 0;
  let t = Date.UTC(2026, 0, 1);
  let pid = 10_000;
  let chunk: string[] = [];
  const flush = async () => {
    const text = chunk.join("");
    chunk = [];
    if (!out.write(text)) await new Promise<void>((r) => out.once("drain", () => r()));
  };
  const emit = (message: string) => {
    const d = new Date(t);
    const day = String(d.getUTCDate()).padStart(2, " ");
    const time = d.toISOString().slice(11, 19);
    const line = `${MONTHS[d.getUTCMonth()]} ${day} ${time} LabSZ sshd[${pid}]: ${message}\n`;
    chunk.push(line);
    bytes += line.length;
    lines++;
  };
  while (bytes < targetBytes) {
    t += Math.floor(random() * 3000);
    pid++;
    const ip = `${173 + Math.floor(random() * 50)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`;
    const port = 1024 + Math.floor(random() * 60_000);
    const user = USERS[Math.floor(random() * USERS.length)] ?? "root";
    const kind = random();
    if (kind < 0.35) {
      emit(
        `reverse mapping checking getaddrinfo for host-${ip.replaceAll(".", "-")}.example.net [${ip}] failed - POSSIBLE BREAK-IN ATTEMPT!`,
      );
      emit(
        `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}  user=${user}`,
      );
      emit(`Failed password for ${user} from ${ip} port ${port} ssh2`);
      if (random() < 0.4)
        emit(
          `message repeated ${2 + Math.floor(random() * 4)} times: [ Failed password for ${user} from ${ip} port ${port} ssh2]`,
        );
      emit(`Received disconnect from ${ip}: 11: Bye Bye [preauth]`);
    } else if (kind < 0.6) {
      emit(`Invalid user ${user}${Math.floor(random() * 100)} from ${ip}`);
      emit(`input_userauth_request: invalid user ${user} [preauth]`);
      emit(`pam_unix(sshd:auth): check pass; user unknown`);
      emit(`pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}`);
      emit(`Failed password for invalid user ${user} from ${ip} port ${port} ssh2`);
      emit(`Connection closed by ${ip} [preauth]`);
    } else if (kind < 0.65) {
      emit(
        `Accepted publickey for ${user} from ${ip} port ${port} ssh2: RSA SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG`,
      );
      emit(`pam_unix(sshd:session): session opened for user ${user} by (uid=0)`);
      emit(`pam_unix(sshd:session): session closed for user ${user}`);
    } else {
      emit(`Connection closed by ${ip} port ${port} [preauth]`);
      emit(`Did not receive identification string from ${ip}`);
    }
    if (chunk.length > 20_000) await flush();
  }
  await flush();
  await new Promise<void>((r) => out.end(() => r()));
  return lines;
}
