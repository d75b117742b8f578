// SSH packets written during one turn of the event loop leave the socket together, in one
// writev system call, instead of one write each. A task sends several packets at once
// (an SFTP write, fsync, fsetstat and close; a channel open and its exec request), and on
// loopback or a LAN each write also pays for the receiver's wake-up: the benchmark's
// profile showed socket writes as the largest single cost of a run. TCP_NODELAY stays on,
// so nothing waits for an acknowledgement; the batch goes out before the loop polls again.
import type { Socket } from 'node:net'

export function coalesceWrites(sock: Socket): Socket {
  const write = sock.write.bind(sock) as (...args: unknown[]) => boolean
  let corked = false
  const flush = () => {
    corked = false
    if (!sock.destroyed) sock.uncork()
  }
  sock.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true
      sock.cork()
      setImmediate(flush)
    }
    return write(...args)
  }) as Socket['write']
  return sock
}
