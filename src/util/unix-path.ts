// A unix socket's path must fit in sun_path: 108 bytes on Linux, the last one its NUL. Longer, bind(2)
// fails with a bare EINVAL, and the control socket (bound under a short name, then linked to its path)
// started but could not be reached at all.

/** The most bytes a unix socket path may have (Linux's sun_path, less its NUL). */
export const UNIX_PATH_MAX = 107;

/** Why `path` cannot be a unix socket's, or null when it fits. */
export function unixPathTooLong(path: string): string | null {
  const bytes = Buffer.byteLength(path);
  return bytes > UNIX_PATH_MAX ? `the path is ${bytes} bytes long, and a unix socket's path takes at most ${UNIX_PATH_MAX}; choose a shorter one` : null;
}
