/**
 * Reading a secret: from a terminal without echo (asked twice), or the first line of piped input.
 * Secrets never come from command-line arguments, which end up in shell history and process lists.
 */
import readline from 'node:readline';

async function firstLine(): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

async function askHidden(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  let muted = false;
  output._writeToOutput = (s: string) => {
    if (!muted || s.includes('\n')) process.stderr.write(muted ? '\n' : s);
  };
  const answer = await new Promise<string>((resolve) => {
    rl.question(question, resolve);
    muted = true;
  });
  rl.close();
  return answer;
}

export async function readSecret(question: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const line = await firstLine();
    if (!line) throw new Error('Expected the password on standard input.');
    return line;
  }
  const first = await askHidden(question);
  const second = await askHidden('Again: ');
  if (first !== second) throw new Error('The two entries differ.');
  return first;
}
