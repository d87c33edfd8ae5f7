/** The last `limit` event ids handled, to drop the duplicates EventBridge and SQS may deliver. */
export class RecentIds {
  private readonly ids = new Set<string>()

  constructor(private readonly limit = 10_000) {}

  has(id: string): boolean {
    return this.ids.has(id)
  }

  add(id: string): void {
    this.ids.add(id)
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value as string)
  }
}
