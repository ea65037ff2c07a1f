/**
 * What a device does with a mutation the server answered `update_required`.
 *
 * The server accepts a mutation's current args version and the one before. When the device's
 * own code is no newer than the mutation it sent, the app itself is out of date: it keeps the
 * mutation, updates through the service worker, and the new version sends it again. When the
 * device already runs newer code than the mutation was made with (it sat in the outbox across
 * two releases), no update will carry it: it is refused, shown with its reason, and the user
 * makes it again or discards it. Either way it is never dropped silently.
 * @example whenTooOld(1, 1) // 'update'
 * @example whenTooOld(1, 3) // 'refuse'
 */
export function whenTooOld(sentVersion: number, deviceVersion: number): 'update' | 'refuse' {
	return sentVersion >= deviceVersion ? 'update' : 'refuse';
}
