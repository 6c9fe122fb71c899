/* mobilenet.h — the drive setup of [mobile] on a shared network: which
 * travel setup the mobile units drive on, and adding it to the network
 * before the network is shared (roadnet.h).
 *
 * The drive setup is o with [travel] mode = [mobile] drive_mode, snap =
 * edge, and the built-in speed table unless drive_mode is o's mode (then
 * o's profile); the [changes] of o (closed roads, speeds) apply to it as to
 * every search of that mode.  sp_mobile_drive_options() (mobile_units.h) is this.
 *
 * Contract: sp_mobilenet_add() only before the network is shared (like
 * sp_network_add); it does nothing when o->mobile_on is 0 or the setup is
 * there already.  Errors: sp_network_add's, with the scenario file and
 * [mobile] drive_mode named.
 */
#ifndef SP_MOBILENET_H
#define SP_MOBILENET_H

#include "roadnet.h"
#include "scenario.h"
#include "status.h"

/* A shallow copy of o as the drive setup (borrows o's strings). */
void sp_mobilenet_options(const sp_options *o, sp_options *copy);

sp_status sp_mobilenet_add(sp_network *net, const sp_options *o);

#endif
