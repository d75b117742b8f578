import { expect } from 'chai'
import { linkCountOf } from '../../../engine/connection/ssh-stat.js'

const entry = (longname: string) => ({ name: 'f', longname, attrs: {} })

describe('link count from an SFTP long name', () => {
  it("reads OpenSSH's ls -l line of a regular file", () => {
    expect(linkCountOf(entry('-rw-r--r--    1 root     root         5 Nov 22 06:00 f'))).to.equal(1)
    expect(linkCountOf(entry('-rwsr-x--T   12 1000     1000         0 Jan  1  2020 f'))).to.equal(12)
    expect(linkCountOf(entry('-rw-r--r--+   2 a b 5 Nov 22 06:00 f'))).to.equal(2)
  })

  it('gives up on anything else, so a process decides', () => {
    expect(linkCountOf(entry('drwxr-xr-x    3 root     root      4096 Nov 22 06:00 f'))).to.equal(undefined)
    expect(linkCountOf(entry('f'))).to.equal(undefined)
    expect(linkCountOf(entry('-rw-r--r-- root root 5 f'))).to.equal(undefined)
    expect(linkCountOf(entry(''))).to.equal(undefined)
  })
})
