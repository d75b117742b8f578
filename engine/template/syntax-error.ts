// A template that cannot be lexed or parsed. `offset` points into the prepared source;
// the Templar turns it into a line:column and Ansible's "template error while templating
// string" message.
export class TemplateSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message)
    this.name = 'TemplateSyntaxError'
  }
}
