// The CLI's command names (program.ts defines each), and the guess main.ts makes from them before
// commander loads.

export const COMMANDS = ['serve', 'check', 'print-config', 'reload', 'upgrade', 'status', 'scale', 'stop', 'reopen-logs', 'help'] as const;

/**
 * Whether `argv` runs `serve`, as far as can be told without parsing it: `serve` or no command word,
 * and no help or version flag. A command word given as an option's value (`--app check`) makes it
 * say no: the guess only ever starts work early, the parser decides.
 */
export function looksLikeServe(argv: readonly string[]): boolean {
  const command = argv.find((arg) => (COMMANDS as readonly string[]).includes(arg));
  return (command === undefined || command === 'serve') && !argv.some((arg) => /^(-h|--help|-v|--version)$/.test(arg));
}
