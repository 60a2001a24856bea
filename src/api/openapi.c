/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* GET /api/v1/openapi.json: the OpenAPI 3 document, generated from the
 * routing table (paths, methods, roles, request bodies from the same specs
 * that validate them) plus the response schemas below. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "http/reply.h"
#include "http/router.h"
#include "http/server.h"
#include "util/buf.h"
#include "util/log.h"

/* Response schemas, by the names the routing table uses; in pieces, as C
 * limits the length of one string literal. */
static const char *const openapi_components[] = {
    "{"
    "\"Bilingual\":{\"type\":\"object\",\"required\":[\"en\",\"nl\"],"
    " \"properties\":{\"en\":{\"type\":\"string\"},"
    " \"nl\":{\"type\":\"string\"}}},"
    "\"Problem\":{\"type\":\"object\",\"required\":[\"type\",\"title\","
    " \"status\"],\"properties\":{\"type\":{\"type\":\"string\"},"
    " \"title\":{\"type\":\"string\"},\"status\":{\"type\":\"integer\"},"
    " \"detail\":{\"type\":\"string\"},\"instance\":{\"type\":\"string\"},"
    " \"invalidParams\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
    "  \"properties\":{\"name\":{\"type\":\"string\"},"
    "  \"reason\":{\"type\":\"string\"}}}}}},"
    "\"Health\":{\"type\":\"object\",\"properties\":{"
    " \"status\":{\"type\":\"string\"},\"apiVersion\":{\"type\":\"string\"},"
    " \"time\":{\"type\":\"string\",\"format\":\"date-time\"}}},"
    "\"Session\":{\"type\":\"object\",\"properties\":{"
    " \"user\":{\"type\":\"object\",\"properties\":{"
    "  \"id\":{\"type\":\"integer\"},\"username\":{\"type\":\"string\"},"
    "  \"displayName\":{\"type\":\"string\"},\"role\":{\"type\":\"string\","
    "  \"enum\":[\"admin\",\"manager\",\"frontdesk\",\"officer\","
    "  \"employer\"]},\"agencyId\":{\"type\":\"integer\"},"
    "  \"deskId\":{\"type\":\"integer\"},"
    "  \"sponsorKvk\":{\"type\":\"string\"}}},"
    " \"csrfToken\":{\"type\":\"string\",\"description\":\"send as "
    "X-CSRF-Token on every state-changing request\"},"
    " \"expiresAt\":{\"type\":\"string\",\"format\":\"date-time\"}}},",
    "\"Location\":{\"type\":\"object\",\"properties\":{"
    " \"id\":{\"type\":\"integer\"},\"code\":{\"type\":\"string\"},"
    " \"name\":{\"$ref\":\"#/components/schemas/Bilingual\"},"
    " \"address\":{\"type\":\"string\"},"
    " \"timeZone\":{\"type\":\"string\"},"
    " \"slotMinutes\":{\"type\":\"integer\"}}},"
    "\"LocationList\":{\"type\":\"object\",\"properties\":{\"items\":{"
    " \"type\":\"array\",\"items\":{\"$ref\":"
    " \"#/components/schemas/Location\"}}}},"
    "\"Interval\":{\"type\":\"object\",\"properties\":{"
    " \"weekday\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":7},"
    " \"opens\":{\"type\":\"string\"},\"closes\":{\"type\":\"string\"},"
    " \"starts\":{\"type\":\"string\"},\"ends\":{\"type\":\"string\"}}},"
    "\"Desk\":{\"type\":\"object\",\"properties\":{"
    " \"id\":{\"type\":\"integer\"},\"location\":{\"type\":\"integer\"},"
    " \"code\":{\"type\":\"string\"},"
    " \"name\":{\"$ref\":\"#/components/schemas/Bilingual\"},"
    " \"agency\":{\"type\":\"string\"},\"active\":{\"type\":\"boolean\"},"
    " \"slotMinutes\":{\"type\":\"integer\"},"
    " \"services\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
    " \"hours\":{\"type\":\"array\",\"items\":{\"$ref\":"
    "  \"#/components/schemas/Interval\"}},"
    " \"breaks\":{\"type\":\"array\",\"items\":{\"$ref\":"
    "  \"#/components/schemas/Interval\"}}}},"
    "\"DeskList\":{\"type\":\"object\",\"properties\":{\"items\":{"
    " \"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Desk\"}"
    " }}},",
    "\"Closure\":{\"type\":\"object\",\"properties\":{"
    " \"id\":{\"type\":\"integer\"},\"location\":{\"type\":\"integer\"},"
    " \"deskId\":{\"type\":\"integer\",\"nullable\":true},"
    " \"date\":{\"type\":\"string\",\"format\":\"date\"},"
    " \"startsAt\":{\"type\":\"string\",\"nullable\":true},"
    " \"endsAt\":{\"type\":\"string\",\"nullable\":true},"
    " \"kind\":{\"type\":\"string\",\"enum\":[\"holiday\",\"one-off\"]},"
    " \"reason\":{\"$ref\":\"#/components/schemas/Bilingual\"}}},"
    "\"ClosureList\":{\"type\":\"object\",\"properties\":{\"items\":{"
    " \"type\":\"array\",\"items\":{\"$ref\":"
    " \"#/components/schemas/Closure\"}}}},"
    "\"OpeningHours\":{\"type\":\"object\",\"properties\":{"
    " \"location\":{\"$ref\":\"#/components/schemas/Location\"},"
    " \"desks\":{\"type\":\"array\",\"items\":{\"$ref\":"
    "  \"#/components/schemas/Desk\"}},"
    " \"closures\":{\"type\":\"array\",\"items\":{\"$ref\":"
    "  \"#/components/schemas/Closure\"}}}},"
    "\"Agency\":{\"type\":\"object\",\"properties\":{"
    " \"id\":{\"type\":\"integer\"},\"code\":{\"type\":\"string\"},"
    " \"name\":{\"$ref\":\"#/components/schemas/Bilingual\"}}},"
    "\"AgencyList\":{\"type\":\"object\",\"properties\":{\"items\":{"
    " \"type\":\"array\",\"items\":{\"$ref\":"
    " \"#/components/schemas/Agency\"}}}},",
    "\"Service\":{\"type\":\"object\",\"properties\":{"
    " \"code\":{\"type\":\"string\"},"
    " \"agency\":{\"type\":\"object\",\"properties\":{"
    "  \"code\":{\"type\":\"string\"},"
    "  \"name\":{\"$ref\":\"#/components/schemas/Bilingual\"}}},"
    " \"name\":{\"$ref\":\"#/components/schemas/Bilingual\"},"
    " \"description\":{\"$ref\":\"#/components/schemas/Bilingual\"},"
    " \"minutes\":{\"type\":\"integer\"},"
    " \"extraMinutesPerPerson\":{\"type\":\"integer\"},"
    " \"prerequisites\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
    " \"documents\":{\"type\":\"array\",\"items\":{\"$ref\":"
    "  \"#/components/schemas/Bilingual\"}},"
    " \"bookableBy\":{\"type\":\"array\",\"items\":{\"type\":\"string\","
    "  \"enum\":[\"public\",\"sponsor\",\"frontdesk\"]}},"
    " \"rescheduleAllowed\":{\"type\":\"boolean\"},"
    " \"eligibility\":{\"type\":\"array\",\"items\":{\"$ref\":"
    "  \"#/components/schemas/Rule\"}},"
    " \"active\":{\"type\":\"boolean\"},"
    " \"outcome\":{\"type\":\"string\",\"enum\":[\"none\","
    "  \"registration\",\"ind-document\",\"ind-biometrics\","
    "  \"ind-sticker\",\"ind-return-visa\"]}}},"
    "\"ServiceList\":{\"type\":\"object\",\"properties\":{\"items\":{"
    " \"type\":\"array\",\"items\":{\"$ref\":"
    " \"#/components/schemas/Service\"}}}},"
    "\"User\":{\"type\":\"object\",\"properties\":{"
    " \"id\":{\"type\":\"integer\"},\"username\":{\"type\":\"string\"},"
    " \"displayName\":{\"type\":\"string\"},\"role\":{\"type\":\"string\"},"
    " \"active\":{\"type\":\"boolean\"},"
    " \"createdAt\":{\"type\":\"string\",\"format\":\"date-time\"},"
    " \"agencyId\":{\"type\":\"integer\"},\"deskId\":{\"type\":\"integer\"},"
    " \"sponsorKvk\":{\"type\":\"string\"},"
    " \"lockedUntil\":{\"type\":\"string\",\"format\":\"date-time\"}}},"
    "\"UserList\":{\"type\":\"object\",\"properties\":{\"items\":{"
    " \"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/User\"}"
    " }}},"
    "\"AuditEventList\":{\"type\":\"object\",\"properties\":{\"items\":{"
    " \"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
    "  \"id\":{\"type\":\"integer\"},"
    "  \"at\":{\"type\":\"string\",\"format\":\"date-time\"},"
    "  \"actor\":{\"type\":\"string\"},\"actorUserId\":{\"type\":\"integer\"},"
    "  \"action\":{\"type\":\"string\"},\"object\":{\"type\":\"string\"},"
    "  \"address\":{\"type\":\"string\"},\"result\":{\"type\":\"string\"},"
    "  \"detail\":{\"type\":\"string\"}}}}}},",
    "\"Leg\":{\"type\":\"object\",\"properties\":{"
    " \"service\":{\"type\":\"object\",\"properties\":{"
    "  \"code\":{\"type\":\"string\"},"
    "  \"name\":{\"$ref\":\"#/components/schemas/Bilingual\"}}},"
    " \"desk\":{\"type\":\"object\",\"properties\":{"
    "  \"id\":{\"type\":\"integer\"},\"code\":{\"type\":\"string\"},"
    "  \"name\":{\"$ref\":\"#/components/schemas/Bilingual\"}}},"
    " \"startsAt\":{\"type\":\"string\"},\"endsAt\":{\"type\":\"string\"},"
    " \"minutes\":{\"type\":\"integer\"}}},"
    "\"Option\":{\"type\":\"object\",\"properties\":{"
    " \"token\":{\"type\":\"string\",\"description\":\"give it to POST "
    "/bookings as option\"},"
    " \"arrival\":{\"type\":\"string\"},\"departure\":{\"type\":\"string\"},"
    " \"totalMinutes\":{\"type\":\"integer\"},"
    " \"waitingMinutes\":{\"type\":\"integer\"},"
    " \"legs\":{\"type\":\"array\",\"items\":{\"$ref\":"
    "  \"#/components/schemas/Leg\"}}}},"
    "\"Availability\":{\"type\":\"object\",\"description\":\"with date: "
    "options and nearestDates; with from and to: days\",\"properties\":{"
    " \"location\":{\"type\":\"integer\"},"
    " \"date\":{\"type\":\"string\",\"format\":\"date\"},"
    " \"persons\":{\"type\":\"integer\"},"
    " \"services\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
    " \"options\":{\"type\":\"array\",\"items\":{\"$ref\":"
    "  \"#/components/schemas/Option\"}},"
    " \"nearestDates\":{\"type\":\"array\",\"items\":{\"type\":"
    "  \"string\",\"format\":\"date\"}},"
    " \"days\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
    "  \"properties\":{\"date\":{\"type\":\"string\",\"format\":\"date\"},"
    "  \"options\":{\"type\":\"array\",\"items\":{\"$ref\":"
    "   \"#/components/schemas/Option\"}}}}}}},"
    "\"Booking\":{\"type\":\"object\",\"properties\":{"
    " \"code\":{\"type\":\"string\"},\"status\":{\"type\":\"string\","
    "  \"enum\":[\"booked\",\"cancelled\"]},"
    " \"channel\":{\"type\":\"string\"},"
    " \"location\":{\"$ref\":\"#/components/schemas/Location\"},"
    " \"date\":{\"type\":\"string\",\"format\":\"date\"},"
    " \"persons\":{\"type\":\"integer\"},"
    " \"person\":{\"type\":\"object\",\"properties\":{"
    "  \"givenNames\":{\"type\":\"string\"},"
    "  \"surname\":{\"type\":\"string\"},\"email\":{\"type\":\"string\"},"
    "  \"phone\":{\"type\":\"string\"},\"language\":{\"type\":\"string\"}}},"
    " \"arrival\":{\"type\":\"string\"},\"departure\":{\"type\":\"string\"},"
    " \"legs\":{\"type\":\"array\",\"items\":{\"$ref\":"
    "  \"#/components/schemas/Leg\"}},"
    " \"documents\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
    "  \"properties\":{\"service\":{\"type\":\"string\"},"
    "  \"items\":{\"type\":\"array\",\"items\":{\"$ref\":"
    "   \"#/components/schemas/Bilingual\"}}}}},"
    " \"documentsPerPerson\":{\"type\":\"array\",\"items\":{"
    "  \"$ref\":\"#/components/schemas/PersonDocuments\"}},"
    " \"documentsMissing\":{\"type\":\"integer\",\"description\":"
    "  \"staff only\"},"
    " \"sponsorKvk\":{\"type\":\"string\",\"nullable\":true},"
    " \"residenceMunicipality\":{\"type\":\"string\","
    "  \"nullable\":true},"
    " \"indLetterLocation\":{\"type\":\"string\",\"nullable\":true},"
    " \"canReschedule\":{\"type\":\"boolean\"},"
    " \"token\":{\"type\":\"string\",\"description\":\"only when booked: "
    "the private management token\"},"
    " \"manageUrl\":{\"type\":\"string\"},"
    " \"bsnIssued\":{\"type\":\"boolean\",\"description\":\"a BSN "
    "was issued at the registration of this visit\"},"
    " \"bsn\":{\"type\":\"string\",\"description\":\"the BSN issued: "
    "only with the Booking-Token, or for a municipal desk officer giving "
    "?reason= (audited)\"},"
    " \"groupId\":{\"type\":\"integer\",\"nullable\":true},"
    " \"newcomer\":{\"type\":\"integer\",\"nullable\":true},"
    " \"createdAt\":{\"type\":\"string\",\"format\":\"date-time\"},"
    " \"updatedAt\":{\"type\":\"string\",\"format\":\"date-time\"},"
    " \"cancelledAt\":{\"type\":\"string\",\"format\":\"date-time\","
    "  \"nullable\":true}}},"
    "\"BookingDay\":{\"type\":\"object\",\"properties\":{"
    " \"location\":{\"type\":\"integer\"},"
    " \"date\":{\"type\":\"string\",\"format\":\"date\"},"
    " \"desks\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}},"
    "\"BookingGroup\":{\"type\":\"object\",\"properties\":{"
    " \"code\":{\"type\":\"string\"},\"location\":{\"type\":\"integer\"},"
    " \"date\":{\"type\":\"string\",\"format\":\"date\"},"
    " \"bookings\":{\"type\":\"array\",\"items\":{\"$ref\":"
    "  \"#/components/schemas/Booking\"}}}},",
    "\"VisitLeg\":{\"type\":\"object\",\"properties\":{"
    " \"id\":{\"type\":\"integer\"},\"position\":{\"type\":\"integer\"},"
    " \"service\":{\"type\":\"object\"},"
    " \"state\":{\"type\":\"string\",\"enum\":[\"pending\",\"waiting\","
    "  \"called\",\"serving\",\"parked\",\"done\",\"no_show\","
    "  \"cancelled\"]},"
    " \"desk\":{\"type\":\"object\",\"nullable\":true},"
    " \"calledDesk\":{\"type\":\"object\",\"nullable\":true},"
    " \"appointmentAt\":{\"type\":\"string\",\"format\":\"date-time\","
    "  \"nullable\":true},"
    " \"queuedAt\":{\"type\":\"string\",\"nullable\":true},"
    " \"calledAt\":{\"type\":\"string\",\"nullable\":true},"
    " \"lastCalledAt\":{\"type\":\"string\",\"nullable\":true},"
    " \"startedAt\":{\"type\":\"string\",\"nullable\":true},"
    " \"parkedAt\":{\"type\":\"string\",\"nullable\":true},"
    " \"endedAt\":{\"type\":\"string\",\"nullable\":true},"
    " \"recalls\":{\"type\":\"integer\"},"
    " \"transfers\":{\"type\":\"integer\"},"
    " \"parkedSeconds\":{\"type\":\"integer\"},"
    " \"waitingSeconds\":{\"type\":\"integer\",\"nullable\":true},"
    " \"serviceSeconds\":{\"type\":\"integer\",\"nullable\":true},"
    " \"outcomeKind\":{\"type\":\"string\"},"
    " \"outcomeResult\":{\"type\":\"string\"},"
    " \"outcome\":{\"type\":\"object\",\"nullable\":true}}},"
    "\"Visit\":{\"type\":\"object\",\"properties\":{"
    " \"id\":{\"type\":\"integer\"},\"ticket\":{\"type\":\"string\"},"
    " \"location\":{\"type\":\"integer\"},"
    " \"date\":{\"type\":\"string\",\"format\":\"date\"},"
    " \"booking\":{\"type\":\"string\",\"nullable\":true},"
    " \"walkIn\":{\"type\":\"boolean\"},"
    " \"name\":{\"type\":\"object\"},\"persons\":{\"type\":\"integer\"},"
    " \"late\":{\"type\":\"boolean\"},"
    " \"state\":{\"type\":\"string\",\"description\":\"the current "
    "leg's state, or departed\"},"
    " \"currentLeg\":{\"type\":\"integer\",\"nullable\":true},"
    " \"arrivedAt\":{\"type\":\"string\",\"format\":\"date-time\"},"
    " \"departedAt\":{\"type\":\"string\",\"nullable\":true},"
    " \"waitingSeconds\":{\"type\":\"integer\",\"nullable\":true},"
    " \"inBuildingSeconds\":{\"type\":\"integer\",\"nullable\":true},"
    " \"calledLeg\":{\"type\":\"integer\",\"description\":\"calls "
    "only\"},"
    " \"issuedBsn\":{\"type\":\"string\",\"description\":\"a "
    "registration completed from the BSN pool only: the number to hand "
    "over\"},"
    " \"legs\":{\"type\":\"array\",\"items\":{\"$ref\":"
    "  \"#/components/schemas/VisitLeg\"}}}},"
    "\"ExpectedVisitorList\":{\"type\":\"object\",\"properties\":{"
    " \"location\":{\"type\":\"integer\"},"
    " \"date\":{\"type\":\"string\",\"format\":\"date\"},"
    " \"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
    "  \"properties\":{\"code\":{\"type\":\"string\"},"
    "  \"givenNames\":{\"type\":\"string\"},"
    "  \"surname\":{\"type\":\"string\"},"
    "  \"persons\":{\"type\":\"integer\"},"
    "  \"firstAppointment\":{\"type\":\"string\"},"
    "  \"late\":{\"type\":\"boolean\",\"description\":\"checking in "
    "now would be late ([floor] grace_minutes)\"},"
    "  \"noShowDue\":{\"type\":\"boolean\",\"description\":\"past "
    "[floor] no_show_minutes\"}}}}}},"
    "\"FloorDay\":{\"type\":\"object\",\"properties\":{"
    " \"location\":{\"type\":\"integer\"},"
    " \"date\":{\"type\":\"string\",\"format\":\"date\"},"
    " \"now\":{\"type\":\"string\",\"format\":\"date-time\"},"
    " \"desks\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
    "  \"properties\":{\"id\":{\"type\":\"integer\"},"
    "  \"code\":{\"type\":\"string\"},"
    "  \"state\":{\"type\":\"string\",\"enum\":[\"open\",\"closed\","
    "  \"paused\"]},\"queueLength\":{\"type\":\"integer\"},"
    "  \"serving\":{\"type\":\"object\",\"nullable\":true}}}},"
    " \"visits\":{\"type\":\"array\",\"items\":{\"$ref\":"
    "  \"#/components/schemas/Visit\"}}}},"
    "\"DeskDay\":{\"type\":\"object\",\"properties\":{"
    " \"id\":{\"type\":\"integer\"},\"code\":{\"type\":\"string\"},"
    " \"location\":{\"type\":\"integer\"},"
    " \"date\":{\"type\":\"string\",\"format\":\"date\"},"
    " \"state\":{\"type\":\"string\"}}},"
    "\"Queue\":{\"type\":\"object\",\"properties\":{"
    " \"desk\":{\"type\":\"object\"},"
    " \"date\":{\"type\":\"string\",\"format\":\"date\"},"
    " \"items\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
    "  \"properties\":{\"leg\":{\"type\":\"integer\"},"
    "  \"visit\":{\"type\":\"integer\"},"
    "  \"ticket\":{\"type\":\"string\"},"
    "  \"service\":{\"type\":\"object\"},"
    "  \"appointmentAt\":{\"type\":\"string\",\"nullable\":true},"
    "  \"queuedAt\":{\"type\":\"string\"},"
    "  \"waitingSeconds\":{\"type\":\"integer\"},"
    "  \"late\":{\"type\":\"boolean\"}}}}}},",
    "\"Rule\":{\"type\":\"object\",\"required\":[\"rule\"],"
    " \"properties\":{\"rule\":{\"type\":\"string\",\"enum\":["
    "  \"recognised-sponsor\",\"residence-municipality\","
    "  \"ind-letter-location\"]},"
    " \"categories\":{\"type\":\"array\",\"items\":{\"type\":"
    "  \"string\"}},"
    " \"municipalities\":{\"type\":\"array\",\"items\":{\"type\":"
    "  \"string\"}}}},"
    "\"Eligibility\":{\"type\":\"object\",\"properties\":{"
    " \"service\":{\"type\":\"string\"},"
    " \"rules\":{\"type\":\"array\",\"items\":{\"$ref\":"
    "  \"#/components/schemas/Rule\"}}}},"
    "\"PersonDocuments\":{\"type\":\"object\",\"properties\":{"
    " \"person\":{\"type\":\"integer\"},"
    " \"missing\":{\"type\":\"integer\",\"description\":\"staff: "
    "not checked yet\"},"
    " \"services\":{\"type\":\"array\",\"items\":{\"type\":"
    "  \"object\",\"properties\":{\"service\":{\"type\":\"string\"},"
    "  \"items\":{\"type\":\"array\",\"items\":{\"type\":"
    "  \"object\",\"properties\":{\"document\":{\"type\":"
    "  \"integer\"},\"text\":{\"$ref\":"
    "  \"#/components/schemas/Bilingual\"},"
    "  \"checked\":{\"type\":\"boolean\"},"
    "  \"checkedBy\":{\"type\":\"string\"},"
    "  \"checkedAt\":{\"type\":\"string\",\"format\":"
    "  \"date-time\"}}}}}}}}},"
    "\"BookingDocuments\":{\"type\":\"object\",\"properties\":{"
    " \"booking\":{\"type\":\"string\"},"
    " \"persons\":{\"type\":\"integer\"},"
    " \"missing\":{\"type\":\"integer\"},"
    " \"documents\":{\"type\":\"array\",\"items\":{\"$ref\":"
    "  \"#/components/schemas/PersonDocuments\"}}}},",
    "\"Sponsor\":{\"type\":\"object\",\"properties\":{"
    " \"kvk\":{\"type\":\"string\",\"pattern\":\"^[0-9]{8}$\"},"
    " \"name\":{\"type\":\"string\"},"
    " \"categories\":{\"type\":\"array\",\"items\":{\"type\":\"string\","
    "  \"enum\":[\"work\",\"research\",\"study\",\"exchange\"]}},"
    " \"recognised\":{\"type\":\"boolean\"},"
    " \"firstSeen\":{\"type\":\"string\",\"format\":\"date\"},"
    " \"lastSeen\":{\"type\":\"string\",\"format\":\"date\"},"
    " \"history\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
    "  \"properties\":{\"change\":{\"type\":\"string\",\"enum\":[\"added\","
    "  \"removed\",\"renamed\"]},\"category\":{\"type\":\"string\","
    "  \"nullable\":true},\"recognised\":{\"type\":\"boolean\"},"
    "  \"name\":{\"type\":\"string\"},\"oldName\":{\"type\":\"string\"},"
    "  \"snapshotDate\":{\"type\":\"string\",\"format\":\"date\"},"
    "  \"importId\":{\"type\":\"integer\"}}}}}},"
    "\"SponsorList\":{\"type\":\"object\",\"properties\":{\"items\":{"
    " \"type\":\"array\",\"items\":{\"$ref\":"
    " \"#/components/schemas/Sponsor\"}}}},"
    "\"SponsorImport\":{\"type\":\"object\",\"properties\":{"
    " \"id\":{\"type\":\"integer\"},"
    " \"snapshotDate\":{\"type\":\"string\",\"format\":\"date\"},"
    " \"categories\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
    " \"counts\":{\"type\":\"object\",\"properties\":{"
    "  \"entries\":{\"type\":\"integer\"},\"added\":{\"type\":\"integer\"},"
    "  \"removed\":{\"type\":\"integer\"},"
    "  \"renamed\":{\"type\":\"integer\"},"
    "  \"unchanged\":{\"type\":\"integer\"}}},"
    " \"added\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}},"
    " \"removed\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}},"
    " \"renamed\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}},"
    " \"truncated\":{\"type\":\"boolean\",\"description\":\"the lists "
    "stop at 1000 items; the counts cover all\"}}},"
    "\"Newcomer\":{\"type\":\"object\",\"properties\":{"
    " \"id\":{\"type\":\"integer\"},"
    " \"sponsor\":{\"type\":\"string\",\"pattern\":\"^[0-9]{8}$\"},"
    " \"principal\":{\"type\":\"integer\",\"nullable\":true},"
    " \"givenNames\":{\"type\":\"string\"},"
    " \"surname\":{\"type\":\"string\"},"
    " \"dateOfBirth\":{\"type\":\"string\",\"format\":\"date\"},"
    " \"nationality\":{\"type\":\"string\"},"
    " \"category\":{\"type\":\"string\",\"enum\":["
    "  \"highly-skilled-migrant\",\"researcher\",\"student\","
    "  \"family-member\",\"other\"]},"
    " \"expectedArrival\":{\"type\":\"string\",\"format\":\"date\","
    "  \"nullable\":true},"
    " \"postcode\":{\"type\":\"string\",\"nullable\":true},"
    " \"houseNumber\":{\"type\":\"string\",\"nullable\":true},"
    " \"email\":{\"type\":\"string\",\"nullable\":true},"
    " \"language\":{\"type\":\"string\",\"enum\":[\"en\",\"nl\"]},"
    " \"travelDocumentEnd\":{\"type\":\"string\",\"nullable\":true,"
    "  \"description\":\"the last 3 characters\"},"
    " \"vNumberEnd\":{\"type\":\"string\",\"nullable\":true},"
    " \"travelDocument\":{\"type\":\"string\",\"nullable\":true,"
    "  \"description\":\"only for staff who gave a reason\"},"
    " \"vNumber\":{\"type\":\"string\",\"nullable\":true},"
    " \"progress\":{\"type\":\"object\",\"properties\":{"
    "  \"booked\":{\"type\":\"boolean\"},"
    "  \"bookingCode\":{\"type\":\"string\",\"nullable\":true},"
    "  \"visitDate\":{\"type\":\"string\",\"nullable\":true},"
    "  \"checkedIn\":{\"type\":\"boolean\"},"
    "  \"bsnIssued\":{\"type\":\"boolean\"},"
    "  \"documentCollected\":{\"type\":\"boolean\"}}},"
    " \"family\":{\"type\":\"array\",\"items\":{\"type\":"
    "  \"object\"}},"
    " \"createdAt\":{\"type\":\"string\"},"
    " \"updatedAt\":{\"type\":\"string\"}}},"
    "\"NewcomerList\":{\"type\":\"object\",\"properties\":{\"items\":{"
    " \"type\":\"array\",\"items\":{\"$ref\":"
    " \"#/components/schemas/Newcomer\"}}}}"
    "}",
};

static char *openapi_text;
static pthread_once_t openapi_once = PTHREAD_ONCE_INIT;

static json_t *
openapi_ref(const char *name)
{
    char ref[96];

    snprintf(ref, sizeof ref, "#/components/schemas/%s", name);
    return json_pack("{s:s}", "$ref", ref);
}

static json_t *
openapi_content(const char *name)
{
    /* Streams are text, an event at a time, not one JSON document. */
    if (strcmp(name, "EventStream") == 0) {
        return json_pack("{s:{s:{s:s, s:s}}}", "text/event-stream", "schema",
                         "type", "string", "description",
                         "Server-Sent Events: retry, a snapshot event, then "
                         "events with ids (see the README)");
    }
    return json_pack("{s:{s:o}}", "application/json", "schema",
                     openapi_ref(name));
}

static json_t *
openapi_roles(unsigned int roles)
{
    static const enum role all[] = {ROLE_ADMIN, ROLE_MANAGER, ROLE_FRONTDESK,
                                    ROLE_OFFICER, ROLE_EMPLOYER};
    json_t *list = json_array();

    if (roles & ROLE_ANONYMOUS) {
        json_array_append_new(list, json_string("anyone"));
        return list;
    }
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (roles & all[i]) {
            json_array_append_new(list, json_string(role_name(all[i])));
        }
    }
    return list;
}

/* Appends the route's query parameters ("name:type[!] ...") to params. */
static void
openapi_query(const char *spec, json_t *params)
{
    const char *p = spec;

    while (p != NULL && *p != '\0') {
        size_t n = strcspn(p, " ");
        const char *colon = memchr(p, ':', n);
        bool required = n > 0 && p[n - 1] == '!';
        char name[32];
        char type[16];
        if (colon != NULL && (size_t)(colon - p) < sizeof name &&
            (size_t)(p + n - colon) <= sizeof type) {
            snprintf(name, sizeof name, "%.*s", (int)(colon - p), p);
            snprintf(type, sizeof type, "%.*s",
                     (int)(p + n - colon - 1 - required), colon + 1);
            json_array_append_new(
                params,
                strcmp(type, "date") == 0
                    ? json_pack("{s:s, s:s, s:b, s:{s:s, s:s}}", "name", name,
                                "in", "query", "required", required, "schema",
                                "type", "string", "format", "date")
                    : json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", name, "in",
                                "query", "required", required, "schema", "type",
                                type));
        }
        p += n;
        p += strspn(p, " ");
    }
}

static json_t *
openapi_operation(const struct route *r, json_t *schemas)
{
    json_t *op = json_object();
    json_t *responses = json_object();
    json_t *params = json_array();
    char status[8];
    const char *p;

    json_object_set_new(op, "summary", json_string(r->summary));
    json_object_set_new(op, "tags", json_pack("[s]", r->tag));
    json_object_set_new(op, "x-roles", openapi_roles(r->roles));
    for (p = strchr(r->pattern, '{'); p != NULL; p = strchr(p + 1, '{')) {
        const char *close = strchr(p, '}');
        char *name = strndup(p + 1, (size_t)(close - p - 1));
        bool numeric = strstr(name, "Id") != NULL;
        json_array_append_new(
            params, json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", name, "in",
                              "path", "required", 1, "schema", "type",
                              numeric ? "integer" : "string"));
        free(name);
    }
    openapi_query(r->query, params);
    if (json_array_size(params) > 0) {
        json_object_set_new(op, "parameters", params);
    } else {
        json_decref(params);
    }
    if (r->raw_types != NULL) {
        json_t *content = json_object();
        for (p = r->raw_types; *p != '\0';) {
            size_t n = strcspn(p, " ");
            char *type = strndup(p, n);
            if (type != NULL) {
                json_object_set_new(
                    content, type,
                    json_pack("{s:{s:s}}", "schema", "type", "string"));
            }
            free(type);
            p += n;
            p += strspn(p, " ");
        }
        json_object_set_new(
            op, "requestBody",
            json_pack("{s:b, s:o}", "required", 1, "content", content));
    }
    if (r->body != NULL) {
        json_object_set_new(schemas, r->body->name, body_schema(r->body));
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:o}", "required", 1, "content",
                                      openapi_content(r->body->name)));
    }
    snprintf(status, sizeof status, "%u", r->success);
    if (r->response != NULL) {
        json_object_set_new(responses, status,
                            json_pack("{s:s, s:o}", "description", "success",
                                      "content", openapi_content(r->response)));
    } else {
        json_object_set_new(responses, status,
                            json_pack("{s:s}", "description", "success"));
    }
    json_object_set_new(responses, "default",
                        json_pack("{s:s, s:{s:{s:o}}}", "description",
                                  "an error, as application/problem+json",
                                  "content", "application/problem+json",
                                  "schema", openapi_ref("Problem")));
    json_object_set_new(op, "responses", responses);
    if (!(r->roles & ROLE_ANONYMOUS)) {
        json_object_set_new(op, "security", json_pack("[{s:[]}]", "cookie"));
    }
    return op;
}

static void
openapi_build(void)
{
    json_error_t error;
    struct buf text;
    json_t *schemas = NULL;
    json_t *paths = json_object();
    json_t *doc;
    size_t n = 0;
    const struct route *routes = router_routes(&n);

    buf_init(&text, 0);
    for (size_t i = 0;
         i < sizeof openapi_components / sizeof openapi_components[0]; i++) {
        (void)buf_append_str(&text, openapi_components[i]);
    }
    if (text.data != NULL) {
        schemas = json_loads(text.data, 0, &error);
    }
    buf_clear(&text);
    if (schemas == NULL) {
        LOG_ERROR("OpenAPI components do not parse: %s", error.text);
        json_decref(paths);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const struct route *r = &routes[i];
        json_t *item = json_object_get(paths, r->pattern);
        char method[8];
        size_t k;

        if (item == NULL) {
            item = json_object();
            json_object_set_new(paths, r->pattern, item);
        }
        for (k = 0; k < sizeof method - 1 && r->method[k]; k++) {
            method[k] = (char)(r->method[k] - 'A' + 'a');
        }
        method[k] = '\0';
        json_object_set_new(item, method, openapi_operation(r, schemas));
    }
    doc = json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:o, s:{s:o, s:{s:{s:s, s:s, "
        "s:s}}}}",
        "openapi", "3.0.3", "info", "title", "onestop API", "version",
        SERVER_API_VERSION, "description",
        "Planning, booking and running visits at a one-stop shop for "
        "international newcomers. Errors are application/problem+json. "
        "Browser sessions use an HttpOnly cookie; state-changing requests "
        "made with it carry the X-CSRF-Token header.",
        "servers", "url", "/api/v1", "paths", paths, "components", "schemas",
        schemas, "securitySchemes", "cookie", "type", "apiKey", "in", "cookie",
        "name", "onestop_session");
    if (doc != NULL) {
        openapi_text = json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII);
        json_decref(doc);
    }
}

void
api_openapi_get(struct http_request *req)
{
    pthread_once(&openapi_once, openapi_build);
    if (openapi_text == NULL) {
        reply_status(req, STATUS_INTERNAL, NULL);
        return;
    }
    reply_bytes(req, 200, "application/json", openapi_text,
                strlen(openapi_text));
}
