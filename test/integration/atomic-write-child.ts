// Child process of atomic-write.test.ts: writes SIZE bytes over TARGET through the local
// connection's atomic writeFile, telling the parent on stdout when it starts and ends.
//   node --import tsx test/integration/atomic-write-child.ts TARGET SIZE
import { LocalConnection } from '../../engine/connection/local.js'

const [target, size] = process.argv.slice(2)
if (!target || !size) {
  console.error('usage: atomic-write-child.ts TARGET SIZE')
  process.exit(2)
}
// Not all one byte value, so a torn or shifted write could not pass for the real thing.
const data = Buffer.alloc(Number(size), 'new image block ')
process.stdout.write('writing\n')
await new LocalConnection().writeFile(target, data)
process.stdout.write('written\n')
