import GovStore
import Vapor

/// The OpenAPI 3.1 description of every JSON endpoint. `OpenAPITests` checks it against the routes the app
/// registers, so an endpoint cannot be added or removed without this document following.
///
/// Request bodies are closed (`additionalProperties: false`): they say exactly what the server reads, and an open
/// object sends schemathesis into its "any JSON value" strategy, whose recursion trips a CPython 3.11 parser bug
/// ("AST constructor recursion depth mismatch") often enough to fail CI at random.
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "GovHall API",
        "version": "1.0.0",
        "description": "JSON API of GovHall, the one-stop government service platform. Authenticate with `Authorization: Bearer <token>` (tokens are issued by administrators with scopes) or a browser session. Errors carry a localised message; send `Accept-Language: en` for English."
      },
      "servers": [{ "url": "/" }],
      "components": {
        "securitySchemes": {
          "bearer": { "type": "http", "scheme": "bearer", "description": "An API token (ght_…) issued in the admin area or with `govhall token create`." },
          "session": { "type": "apiKey", "in": "cookie", "name": "govhall_session" }
        },
        "schemas": {
          "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
              "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                  "code": { "type": "string" },
                  "message": { "type": "string" },
                  "fields": { "type": "object", "additionalProperties": { "type": "string" } }
                }
              }
            }
          },
          "Health": {
            "type": "object", "required": ["status", "database"],
            "properties": { "status": { "type": "string", "enum": ["ok", "unavailable"] }, "database": { "type": "string", "enum": ["sqlite", "postgresql"] } }
          },
          "Due": {
            "type": "object", "required": ["from", "workingDays", "due", "dueInstant", "calendarDays"],
            "properties": {
              "from": { "type": "string", "format": "date" },
              "workingDays": { "type": "integer", "minimum": 0 },
              "due": { "type": "string", "format": "date", "description": "The last day of the limit; the limit ends at the end of this day, Beijing time." },
              "dueInstant": { "type": "string", "format": "date-time" },
              "calendarDays": { "type": "integer" }
            }
          },
          "WorkingDays": {
            "type": "object", "required": ["from", "to", "workingDays"],
            "properties": { "from": { "type": "string", "format": "date" }, "to": { "type": "string", "format": "date" }, "workingDays": { "type": "integer", "minimum": 0 } }
          },
          "CalendarYear": {
            "type": "object", "required": ["year", "days"],
            "properties": {
              "year": { "type": "integer" },
              "days": {
                "type": "array",
                "items": {
                  "type": "object", "required": ["date", "kind", "holiday"],
                  "properties": { "date": { "type": "string", "format": "date" }, "kind": { "type": "string", "enum": ["off", "work"] }, "holiday": { "type": "string" } }
                }
              }
            }
          },
          "Me": {
            "type": "object", "required": ["kind", "name"],
            "properties": {
              "kind": { "type": "string", "enum": ["staff", "citizen", "enterprise", "token"] },
              "name": { "type": "string" },
              "roles": {
                "type": "array",
                "items": {
                  "type": "object", "required": ["role", "includesSubtree"],
                  "properties": { "role": { "type": "string" }, "unitID": { "type": "string" }, "includesSubtree": { "type": "boolean" } }
                }
              },
              "scopes": { "type": "array", "items": { "type": "string" } }
            }
          },
          "OrganisationUnit": {
            "type": "object", "required": ["id", "kind", "code", "name", "nameEn"],
            "properties": {
              "id": { "type": "string", "format": "uuid" },
              "parentID": { "type": "string", "format": "uuid" },
              "kind": { "type": "string", "enum": ["region", "department", "service_centre", "window"] },
              "regionLevel": { "type": "string", "enum": ["province", "city", "county", "township"] },
              "code": { "type": "string" },
              "name": { "type": "string" },
              "nameEn": { "type": "string" }
            }
          },
          "AuditEntries": {
            "type": "object", "required": ["entries"],
            "properties": {
              "nextBefore": { "type": "integer" },
              "entries": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["sequence", "occurredAt", "actor", "action", "objectType", "objectID", "summary", "hash", "previousHash"],
                  "properties": {
                    "sequence": { "type": "integer" }, "occurredAt": { "type": "string", "format": "date-time" },
                    "actor": { "type": "string" }, "role": { "type": "string" }, "unitID": { "type": "string" },
                    "action": { "type": "string" }, "objectType": { "type": "string" }, "objectID": { "type": "string" },
                    "summary": { "type": "string" }, "requestID": { "type": "string" },
                    "hash": { "type": "string" }, "previousHash": { "type": "string" }
                  }
                }
              }
            }
          },
          "MatterSummary": {
            "type": "object", "required": ["code", "name", "nameEn", "kind", "onlineDepth", "statutoryDays", "promisedDays", "version"],
            "properties": {
              "code": { "type": "string", "description": "实施编码: the department's unified social credit code and the catalogue code" },
              "name": { "type": "string" }, "nameEn": { "type": "string" },
              "kind": { "type": "string", "enum": ["administrativeLicensing", "administrativeConfirmation", "administrativePayment", "administrativeAdjudication", "administrativeReward", "otherAdministrativePower", "publicService"] },
              "onlineDepth": { "type": "string", "enum": ["guideOnly", "onlineApplicationPapersAtWindow", "fullyOnline"] },
              "statutoryDays": { "type": "integer" }, "promisedDays": { "type": "integer" }, "version": { "type": "integer" }
            }
          },
          "MaterialUpload": {
            "type": "object", "required": ["key", "fileName", "contentBase64"], "additionalProperties": false,
            "properties": {
              "key": { "type": "string", "description": "The material's key in the matter's list" },
              "fileName": { "type": "string" },
              "contentBase64": { "type": "string", "description": "PDF, JPEG, PNG or OFD, at most 20 MB; the type is checked from the bytes" }
            }
          },
          "DisclosureItemSummary": {
            "type": "object", "required": ["id", "indexNumber", "title", "documentNumber", "unit", "category", "writtenOn", "validity", "withdrawn", "url"],
            "properties": {
              "id": { "type": "string", "format": "uuid" }, "indexNumber": { "type": "string" }, "title": { "type": "string" },
              "documentNumber": { "type": "string" }, "unit": { "type": "string" }, "category": { "type": "string" },
              "writtenOn": { "type": "string", "format": "date" }, "publishedAt": { "type": "string", "format": "date-time" },
              "validity": { "type": "string", "enum": ["valid", "expired", "repealed"] }, "withdrawn": { "type": "boolean" }, "url": { "type": "string" }
            }
          },
          "DisclosureItemPage": {
            "type": "object", "required": ["total", "totalIsAtLeast", "page", "items"],
            "properties": {
              "total": { "type": "integer", "minimum": 0 }, "totalIsAtLeast": { "type": "boolean", "description": "The count stopped at \#(DisclosureSearch.countLimit)" },
              "page": { "type": "integer", "minimum": 1 }, "items": { "type": "array", "items": { "$ref": "#/components/schemas/DisclosureItemSummary" } }
            }
          },
          "DisclosureItem": {
            "type": "object", "required": ["item", "issuer", "subjectWords", "version", "attachments"],
            "properties": {
              "item": { "$ref": "#/components/schemas/DisclosureItemSummary" }, "issuer": { "type": "string" },
              "subjectWords": { "type": "array", "items": { "type": "string" } },
              "body": { "type": "string", "description": "Absent once withdrawn" }, "withdrawnReason": { "type": "string" },
              "version": { "type": "integer", "minimum": 1 },
              "attachments": { "type": "array", "items": { "type": "object", "required": ["name", "mediaType", "size", "url"],
                "properties": { "name": { "type": "string" }, "mediaType": { "type": "string" }, "size": { "type": "integer" }, "url": { "type": "string" } } } }
            }
          },
          "NewSharingRequest": {
            "type": "object", "required": ["resource", "fields", "purposeCode", "purpose", "legalBasis", "days"], "additionalProperties": false,
            "description": "Filed by the data steward the session or the sharing:act token acts for, in the name of their unit. A not-shared resource's request is a challenge to its classification, decided by the data management bureau.",
            "properties": {
              "resource": { "type": "string", "maxLength": 40, "description": "The resource code, e.g. 990100-GA-0001" },
              "fields": { "type": "array", "maxItems": 200, "items": { "type": "string", "maxLength": 40 } },
              "purposeCode": { "type": "string", "pattern": "^[a-z][a-z0-9-]{1,39}$", "description": "Sent with every exchange call in X-GovHall-Purpose" },
              "purpose": { "type": "string", "maxLength": 500 }, "legalBasis": { "type": "string", "maxLength": 500 },
              "days": { "type": "integer", "minimum": 1, "maximum": 366 }
            }
          },
          "SharingRequestStatus": {
            "type": "object", "required": ["id", "number", "resource", "state", "stateTitle", "fields", "purposeCode", "receivedAt"],
            "properties": {
              "id": { "type": "string", "format": "uuid" }, "number": { "type": "string" }, "resource": { "type": "string" },
              "state": { "type": "string", "enum": ["pending", "challenged", "approved", "refused", "withdrawn"] }, "stateTitle": { "type": "string" },
              "fields": { "type": "array", "items": { "type": "string" } }, "purposeCode": { "type": "string" },
              "receivedAt": { "type": "string", "format": "date-time" }, "replyDue": { "type": "string", "format": "date-time" },
              "decidedAt": { "type": "string", "format": "date-time" }, "reason": { "type": "string" },
              "grant": {
                "type": "object", "required": ["fields", "purposeCode", "validUntil", "active"],
                "properties": {
                  "fields": { "type": "array", "items": { "type": "string" } }, "purposeCode": { "type": "string" },
                  "validUntil": { "type": "string", "format": "date-time" }, "active": { "type": "boolean" }
                }
              }
            }
          },
          "ExchangeResult": {
            "type": "object", "required": ["resource", "fields", "count", "records", "accessLogSequence"],
            "properties": {
              "resource": { "type": "string" }, "fields": { "type": "array", "items": { "type": "string" } }, "count": { "type": "integer", "minimum": 0 },
              "records": { "type": "array", "items": { "type": "object", "additionalProperties": { "type": "string" } } },
              "accessLogSequence": { "type": "integer", "description": "The line of the access log that records this call" }
            }
          },
          "CreditFile": {
            "type": "object", "required": ["code", "registry", "licences", "records"],
            "properties": {
              "code": { "type": "string" }, "name": { "type": "string" },
              "registry": { "type": "object", "additionalProperties": { "type": "string" }, "description": "The legal entity registry's entry" },
              "licences": { "type": "array", "items": { "type": "object", "required": ["title", "number", "validFrom", "revoked"], "properties": {
                "title": { "type": "string" }, "number": { "type": "string" }, "validFrom": { "type": "string" }, "validUntil": { "type": "string" }, "revoked": { "type": "boolean" }
              } } },
              "records": { "type": "array", "description": "Penalties (while public, unless the caller is staff or the enterprise itself), commendations and list entries", "items": {
                "type": "object", "required": ["kind", "title", "content", "legalBasis", "documentNumber", "decidedOn", "isPublic"], "properties": {
                  "kind": { "type": "string", "enum": ["penalty", "commendation", "abnormal_operation", "serious_violation"] }, "title": { "type": "string" },
                  "content": { "type": "string" }, "legalBasis": { "type": "string" }, "documentNumber": { "type": "string" }, "decidedOn": { "type": "string" },
                  "severity": { "type": "string", "enum": ["general", "serious"] }, "publicUntil": { "type": "string" }, "endedOn": { "type": "string" },
                  "isPublic": { "type": "boolean" }
                } } }
            }
          },
          "RegistryImport": {
            "type": "object", "required": ["id", "kind", "fileName", "status", "summary", "inserted", "updated", "unchanged", "errors"],
            "properties": {
              "id": { "type": "string", "format": "uuid" }, "kind": { "type": "string", "enum": ["population", "legal_entity", "geospatial"] },
              "fileName": { "type": "string" }, "status": { "type": "string", "enum": ["running", "finished", "failed"] }, "failure": { "type": "string" },
              "encoding": { "type": "string", "enum": ["UTF-8", "GB18030"] },
              "summary": { "type": "object", "required": ["rowsRead", "blankLines", "accepted", "rejected", "duplicates"], "properties": {
                "rowsRead": { "type": "integer" }, "blankLines": { "type": "integer" }, "accepted": { "type": "integer" }, "rejected": { "type": "integer" },
                "duplicates": { "type": "integer" } } },
              "inserted": { "type": "integer" }, "updated": { "type": "integer" }, "unchanged": { "type": "integer" },
              "errors": { "type": "array", "description": "The first 1,000 rows refused, with their problems in both languages", "items": {
                "type": "object", "required": ["line", "zh", "en"], "properties": { "line": { "type": "integer" }, "zh": { "type": "string" }, "en": { "type": "string" } } } }
            }
          },
          "NewDisclosureRequest": {
            "type": "object", "required": ["unitID", "kind", "phone", "description", "form", "delivery"], "additionalProperties": false,
            "description": "Filed in the name of the signed-in citizen or enterprise (《政府信息公开条例》第二十九条).",
            "properties": {
              "unitID": { "type": "string", "format": "uuid" },
              "kind": { "type": "string", "enum": ["natural_person", "commercial_enterprise", "research_institution", "public_interest_organisation", "legal_service_organisation", "other_organisation"] },
              "contactPerson": { "type": "string", "maxLength": 50 }, "phone": { "type": "string", "maxLength": 30 },
              "email": { "type": "string", "maxLength": 120 }, "address": { "type": "string", "maxLength": 200 },
              "description": { "type": "string", "maxLength": 4000 },
              "form": { "type": "string", "enum": ["paper", "electronic", "inspection"] },
              "delivery": { "type": "string", "enum": ["post", "email", "collect", "online"] }
            }
          },
          "DisclosureRequestStatus": {
            "type": "object", "required": ["number", "state", "stateTitle", "receivedAt", "extended"],
            "properties": {
              "number": { "type": "string" }, "queryCode": { "type": "string", "description": "Only in the answer to filing" },
              "state": { "type": "string", "enum": ["received", "awaiting_clarification", "consulting", "answered"] }, "stateTitle": { "type": "string" },
              "receivedAt": { "type": "string", "format": "date-time" }, "replyDue": { "type": "string", "format": "date-time" },
              "extended": { "type": "boolean" }, "outcome": { "type": "string" }, "outcomeTitle": { "type": "string" },
              "answeredAt": { "type": "string", "format": "date-time" }
            }
          },
          "NewCase": {
            "type": "object", "required": ["matterCode", "form"], "additionalProperties": false,
            "properties": {
              "matterCode": { "type": "string" },
              "form": { "type": "object", "additionalProperties": { "type": "string" }, "description": "Values for the matter's form fields, as text" },
              "materials": { "type": "array", "maxItems": 20, "items": { "$ref": "#/components/schemas/MaterialUpload" } }
            }
          },
          "CaseStatus": {
            "type": "object",
            "required": ["id", "trackingNumber", "matterCode", "state", "stateTitle", "light", "receivedAt", "acceptanceDue", "version", "allowedActions", "certificates"],
            "properties": {
              "id": { "type": "string", "format": "uuid" }, "trackingNumber": { "type": "string" },
              "queryCode": { "type": "string", "description": "Only in the answer to filing (POST /cases): the case keeps only a keyed hash of it. The applicant can have a new one issued on their case page" },
              "matterCode": { "type": "string" },
              "state": { "type": "string", "enum": ["submitted", "awaiting_correction", "in_review", "suspended", "granted", "closed", "not_accepted", "withdrawn"] },
              "stateTitle": { "type": "string" }, "light": { "type": "string", "enum": ["green", "yellow", "red", "none"] },
              "workingDaysLeft": { "type": "integer" },
              "receivedAt": { "type": "string", "format": "date-time" }, "acceptanceDue": { "type": "string", "format": "date-time" },
              "promisedDue": { "type": "string", "format": "date-time" }, "statutoryDue": { "type": "string", "format": "date-time" },
              "version": { "type": "integer", "description": "Send it back with an action so that a concurrent change is refused (409)" },
              "allowedActions": { "type": "array", "items": { "type": "string" } },
              "certificates": { "type": "array", "items": { "type": "string" }, "description": "Signed certificate texts (the QR content)" }
            }
          },
          "CaseAction": {
            "type": "object", "required": ["action"], "additionalProperties": false,
            "properties": {
              "action": { "type": "string", "enum": ["accept", "refuse_to_accept", "request_correction", "submit_correction", "complete_step", "suspend", "resume", "extend", "decide", "serve_certificate", "withdraw", "decide_on_the_spot"] },
              "version": { "type": "integer" }, "reason": { "type": "string" },
              "items": { "type": "array", "items": { "type": "string" } }, "note": { "type": "string" },
              "procedure": { "type": "string", "enum": ["hearing", "tendering", "auction", "inspection", "testing", "quarantine", "appraisal", "expert_review"] },
              "expectedEnd": { "type": "string", "format": "date" }, "notice": { "type": "string" },
              "days": { "type": "integer" }, "outcome": { "type": "string", "enum": ["granted", "refused"] }, "reasons": { "type": "string" }
            }
          },
          "TrackStatus": {
            "type": "object", "required": ["trackingNumber", "matter", "state", "stateTitle", "light", "receivedAt", "events"],
            "properties": {
              "trackingNumber": { "type": "string" }, "matter": { "type": "string" }, "state": { "type": "string" }, "stateTitle": { "type": "string" },
              "light": { "type": "string" }, "workingDaysLeft": { "type": "integer" }, "receivedAt": { "type": "string", "format": "date-time" },
              "events": { "type": "array", "items": { "type": "string" } }
            }
          },
          "Performance": {
            "type": "object", "required": ["from", "to", "departments"],
            "properties": {
              "from": { "type": "string", "format": "date" }, "to": { "type": "string", "format": "date" },
              "departments": {
                "type": "array",
                "items": {
                  "type": "object", "required": ["unitID", "name", "received", "completed", "overdue", "violations", "parts"],
                  "properties": {
                    "unitID": { "type": "string", "format": "uuid" }, "name": { "type": "string" },
                    "rank": { "type": "integer", "minimum": 1, "description": "Absent when the department had nothing to score" },
                    "score": { "type": "number", "minimum": 0, "maximum": 100 },
                    "received": { "type": "integer" }, "completed": { "type": "integer" },
                    "onTimeRate": { "type": "number" }, "earlyRate": { "type": "number" }, "onTheSpotRate": { "type": "number" },
                    "averageDaysUsed": { "type": "number" }, "averageDaysPromised": { "type": "number" },
                    "overdue": { "type": "integer" }, "violations": { "type": "integer" }, "satisfaction": { "type": "number" },
                    "parts": {
                      "type": "array",
                      "items": {
                        "type": "object", "required": ["component", "figure", "points", "weight", "contribution"],
                        "properties": {
                          "component": { "type": "string", "enum": ["timeliness", "early_completion", "violations", "satisfaction", "supervision_response", "disclosure_timeliness", "hotline_handling", "sharing_responsiveness"] },
                          "figure": { "type": "number" }, "points": { "type": "number" }, "weight": { "type": "integer" }, "contribution": { "type": "number" }
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "Obligations": {
            "type": "object", "required": ["total", "obligations"],
            "properties": {
              "total": { "type": "integer" },
              "obligations": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": ["id", "kind", "subjectType", "subject", "unitID", "status", "startedAt", "promisedDue", "statutoryDue", "paused"],
                  "properties": {
                    "id": { "type": "string", "format": "uuid" },
                    "kind": { "type": "string", "enum": ["acceptance", "decision", "review_step", "certificate", "bundle", "supervision_reply", "proactive_disclosure", "disclosure_reply", "sharing_reply", "ticket_handling", "rating_follow_up", "petition_acceptance", "petition_handling"] },
                    "subjectType": { "type": "string" }, "subject": { "type": "string" }, "label": { "type": "string" },
                    "unitID": { "type": "string", "format": "uuid" },
                    "status": { "type": "string", "enum": ["normal", "reminder", "warning", "overdue"] },
                    "startedAt": { "type": "string", "format": "date-time" }, "promisedDue": { "type": "string", "format": "date-time" },
                    "statutoryDue": { "type": "string", "format": "date-time" }, "paused": { "type": "boolean" },
                    "workingDaysLeft": { "type": "integer", "description": "Negative when late" }
                  }
                }
              }
            }
          },
          "Violation": {
            "type": "object",
            "required": ["id", "rule", "title", "severity", "subject", "unitID", "evidence", "occurredAt", "detectedAt", "status"],
            "properties": {
              "id": { "type": "string", "format": "uuid" },
              "rule": { "type": "string", "enum": ["acceptance_late", "completed_past_statutory_limit", "certificate_late", "repeated_correction_notice", "correction_after_acceptance", "step_before_registration", "decision_without_role", "mandatory_step_skipped", "fee_differs", "on_the_spot_not_on_the_spot"] },
              "title": { "type": "string" }, "severity": { "type": "string", "enum": ["low", "medium", "high"] },
              "subject": { "type": "string" }, "unitID": { "type": "string", "format": "uuid" }, "evidence": { "type": "string" },
              "person": { "type": "string" }, "occurredAt": { "type": "string", "format": "date-time" },
              "detectedAt": { "type": "string", "format": "date-time" }, "status": { "type": "string", "enum": ["open", "ordered", "closed"] }
            }
          },
          "Verification": {
            "type": "object", "required": ["verdict", "message"],
            "properties": {
              "verdict": { "type": "string", "enum": ["valid", "not_yet_valid", "expired", "revoked", "cancelled", "not_genuine", "unknown", "not_found"], "description": "revoked: 撤销 (Administrative Licensing Law Art. 69); cancelled: 注销 (Art. 70); not_found: no certificate with this number and check code (an unknown number, a wrong code and a missing one read the same); unknown: signed text this platform has no record of" },
              "message": { "type": "string", "description": "The verdict in words, in the request's language" },
              "checked": { "type": "string", "enum": ["signed_text", "number_and_check_code"], "description": "What was checked: the signature over pasted QR text, or the number and check code against the record of issue (and that record's signature). Absent when nothing matched." },
              "certificate": { "$ref": "#/components/schemas/PublicCertificate" }
            }
          },
          "PublicCertificate": {
            "type": "object", "description": "What the public may read of a certificate whose signature verifies: the holder and every personal datum in the scope masked",
            "required": ["number", "title", "issuer", "holderName", "holderIdentifier", "scope", "validFrom", "issuedOn"],
            "additionalProperties": false,
            "properties": {
              "number": { "type": "string" },
              "title": { "type": "string" },
              "issuer": { "type": "string" },
              "holderName": { "type": "string", "description": "A natural person's name masked (张*); an organisation's in full" },
              "holderIdentifier": { "type": "string", "description": "Masked: 440305********123X" },
              "scope": { "type": "string", "description": "The scope with names, ID numbers, phone numbers and home addresses masked" },
              "validFrom": { "type": "string", "format": "date" },
              "validUntil": { "type": "string", "format": "date", "description": "Absent when the certificate has no end date" },
              "issuedOn": { "type": "string", "format": "date" }
            }
          },
          "Consultation": {
            "type": "object", "required": ["id", "title", "department", "opensOn", "closesOn", "phase"],
            "properties": {
              "id": { "type": "string", "format": "uuid" }, "title": { "type": "string" }, "department": { "type": "string" },
              "opensOn": { "type": "string", "format": "date" }, "closesOn": { "type": "string", "format": "date" },
              "phase": { "type": "string", "enum": ["scheduled", "open", "closed", "summarised"] },
              "paragraphs": { "type": ["array", "null"], "items": { "type": "string" } },
              "comments": { "type": ["array", "null"], "description": "Published (moderated) comments only; authors masked", "items": { "type": "object",
                "required": ["author", "text", "createdAt"], "properties": { "author": { "type": "string" }, "paragraph": { "type": ["integer", "null"] },
                "text": { "type": "string" }, "createdAt": { "type": "string", "format": "date-time" },
                "adoption": { "type": ["string", "null"], "enum": ["adopted", "partly", "not_adopted", null] } } } },
              "summary": { "type": ["string", "null"] }
            }
          },
          "Survey": {
            "type": "object", "required": ["id", "title", "department", "opensOn", "closesOn", "phase", "questions"],
            "properties": {
              "id": { "type": "string", "format": "uuid" }, "title": { "type": "string" }, "department": { "type": "string" },
              "opensOn": { "type": "string", "format": "date" }, "closesOn": { "type": "string", "format": "date" },
              "phase": { "type": "string", "enum": ["scheduled", "open", "closed", "summarised"] },
              "responses": { "type": ["integer", "null"], "description": "Only once closed" },
              "questions": { "type": "array", "items": { "type": "object", "required": ["kind", "text", "options"], "properties": {
                "kind": { "type": "string", "enum": ["single", "multiple", "text"] }, "text": { "type": "string" },
                "options": { "type": "array", "items": { "type": "string" } },
                "counts": { "type": ["array", "null"], "items": { "type": "integer" } }, "answered": { "type": ["integer", "null"] } } } }
            }
          },
          "Hearing": {
            "type": "object", "required": ["id", "title", "department", "place", "heldAt", "registrationClosesAt", "seats", "phase", "registered", "selected"],
            "properties": {
              "id": { "type": "string", "format": "uuid" }, "title": { "type": "string" }, "department": { "type": "string" }, "place": { "type": "string" },
              "heldAt": { "type": "string", "format": "date-time" }, "registrationClosesAt": { "type": "string", "format": "date-time" },
              "seats": { "type": "integer" }, "phase": { "type": "string", "enum": ["registering", "selecting", "held", "recorded"] },
              "registered": { "type": "integer" }, "selected": { "type": "array", "items": { "type": "string" }, "description": "Masked names" },
              "record": { "type": ["string", "null"] }
            }
          },
          "Petition": {
            "type": "object", "required": ["number", "subject", "state", "receivedAt"],
            "properties": {
              "number": { "type": "string" }, "subject": { "type": "string" },
              "state": { "type": "string", "enum": ["received", "routed", "accepted", "declined", "answered"] },
              "department": { "type": ["string", "null"] }, "receivedAt": { "type": "string", "format": "date-time" },
              "dueAt": { "type": ["string", "null"], "format": "date-time" }, "decision": { "type": ["string", "null"] }, "answer": { "type": ["string", "null"] }
            }
          },
          "HotlineCategory": {
            "type": "object", "required": ["code", "name"],
            "properties": { "code": { "type": "string", "pattern": "^([0-9]{2}){1,5}$" }, "parent": { "type": ["string", "null"] }, "name": { "type": "string" } }
          },
          "NewTicket": {
            "type": "object", "required": ["kind", "category", "description"],
            "properties": {
              "kind": { "type": "string", "enum": ["question", "complaint", "criticism", "suggestion", "help", "report"] },
              "urgency": { "type": "string", "enum": ["ordinary", "urgent"] },
              "category": { "type": "string", "maxLength": 10, "description": "A code of the category tree (GET /api/v1/hotline/categories)" },
              "region": { "type": "string", "maxLength": 12, "description": "A district or street's division code" },
              "address": { "type": "string", "maxLength": 200 },
              "latitude": { "type": "number", "minimum": -90, "maximum": 90 }, "longitude": { "type": "number", "minimum": -180, "maximum": 180 },
              "subject": { "type": "string", "maxLength": 100 }, "description": { "type": "string", "minLength": 1, "maxLength": 4000 },
              "callerName": { "type": "string", "maxLength": 50 }, "callerPhone": { "type": "string", "maxLength": 20 }, "callerEmail": { "type": "string", "maxLength": 120 }
            },
            "description": "A phone number or an email address is required, except for a report (举报), which may be anonymous"
          },
          "Ticket": {
            "type": "object", "required": ["number", "kind", "channel", "urgency", "category", "subject", "state", "stateTitle", "receivedAt"],
            "properties": {
              "number": { "type": "string" }, "queryCode": { "type": ["string", "null"], "description": "Only in the answer to filing" },
              "kind": { "type": "string" }, "channel": { "type": "string", "enum": ["phone", "web", "api", "mailbox", "open311"] },
              "urgency": { "type": "string" }, "category": { "type": "string" }, "subject": { "type": "string" },
              "state": { "type": "string", "enum": ["received", "assigned", "returned", "replied", "closed"] }, "stateTitle": { "type": "string" },
              "department": { "type": ["string", "null"] }, "receivedAt": { "type": "string", "format": "date-time" },
              "dueAt": { "type": ["string", "null"], "format": "date-time" }, "reply": { "type": ["string", "null"] },
              "repliedAt": { "type": ["string", "null"], "format": "date-time" }, "satisfaction": { "type": ["integer", "null"], "minimum": 1, "maximum": 5 }
            }
          },
          "Mailbox": {
            "type": "object", "required": ["letters", "months"],
            "properties": {
              "letters": { "type": "array", "items": { "type": "object", "required": ["id", "subject", "text", "receivedAt"], "properties": {
                "id": { "type": "string", "format": "uuid" }, "subject": { "type": "string" }, "text": { "type": "string" }, "department": { "type": ["string", "null"] },
                "receivedAt": { "type": "string", "format": "date-time" }, "reply": { "type": ["string", "null"] }, "repliedAt": { "type": ["string", "null"], "format": "date-time" } } } },
              "months": { "type": "array", "items": { "type": "object", "required": ["month", "received", "replied", "onTime"], "properties": {
                "month": { "type": "string" }, "received": { "type": "integer" }, "replied": { "type": "integer" }, "onTime": { "type": "integer" } } } }
            }
          },
          "Open311Errors": {
            "type": "array", "description": "GeoReport v2 errors",
            "items": { "type": "object", "required": ["code", "description"], "properties": { "code": { "type": "integer" }, "description": { "type": "string" } } }
          },
          "Open311Request": {
            "type": "object", "required": ["service_request_id", "status", "service_name", "service_code", "requested_datetime", "updated_datetime"],
            "properties": {
              "service_request_id": { "type": "string" }, "status": { "type": "string", "enum": ["open", "closed"] }, "status_notes": { "type": ["string", "null"] },
              "service_name": { "type": "string" }, "service_code": { "type": "string" }, "description": { "type": ["string", "null"] },
              "agency_responsible": { "type": ["string", "null"] }, "service_notice": { "type": ["string", "null"] },
              "requested_datetime": { "type": "string", "format": "date-time" }, "updated_datetime": { "type": "string", "format": "date-time" },
              "expected_datetime": { "type": ["string", "null"], "format": "date-time" }, "address": { "type": ["string", "null"] },
              "address_id": { "type": ["string", "null"] }, "zipcode": { "type": ["string", "null"] },
              "lat": { "type": ["number", "null"] }, "long": { "type": ["number", "null"] }, "media_url": { "type": ["string", "null"] }
            }
          }
        },
        "parameters": {
          "IdempotencyKey": { "name": "Idempotency-Key", "in": "header", "required": false, "schema": { "type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$" },
            "description": "Makes the creation safe to retry: a retry with the same key and the same request within 24 hours answers as the first did (with Idempotent-Replayed: true) and creates nothing more" }
        },
        "responses": {
          "IdempotencyInProgress": { "description": "A request with the same Idempotency-Key is still being handled", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "IdempotencyKeyReused": { "description": "The Idempotency-Key was used before for a different request", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "BadRequest": { "description": "Invalid input, with a localised message", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "Unauthorized": { "description": "No valid session or token", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "Forbidden": { "description": "Signed in, but not allowed", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "NotFound": { "description": "No such thing, or not one the caller may see", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "Conflict": { "description": "Someone changed it since the caller read it", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "UnsupportedMediaType": { "description": "The body is missing or not JSON", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "TooLarge": { "description": "The body is larger than 45 MB", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
          "TooManyWrongCodes": {
            "description": "Too many wrong query codes for this number or from this address (whether or not the number exists); wait the seconds in Retry-After",
            "headers": { "Retry-After": { "description": "Seconds until the lock ends", "schema": { "type": "integer", "minimum": 1 } } },
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
          }
        }
      },
      "paths": {
        "/healthz": {
          "get": {
            "operationId": "health", "summary": "Liveness and database check", "security": [],
            "responses": {
              "200": { "description": "Healthy", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Health" } } } },
              "503": { "description": "The database does not answer", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Health" } } } }
            }
          }
        },
        "/metrics": {
          "get": {
            "operationId": "metrics", "summary": "Prometheus metrics (text exposition format)", "security": [],
            "responses": { "200": { "description": "Metrics", "content": { "text/plain": { "schema": { "type": "string" } } } } }
          }
        },
        "/openapi.json": {
          "get": {
            "operationId": "openapi", "summary": "This document", "security": [],
            "responses": { "200": { "description": "OpenAPI 3.1 document", "content": { "application/json": { "schema": { "type": "object" } } } } }
          }
        },
        "/api/v1/calendar/due": {
          "get": {
            "operationId": "calendarDue", "summary": "Due date for a limit in working days", "security": [],
            "description": "The start day is not counted; the limit ends at the end of the N-th working day (Beijing time). Weekends and statutory holidays are skipped, makeup workdays count.",
            "parameters": [
              { "name": "from", "in": "query", "required": true, "schema": { "type": "string", "format": "date" }, "example": "2026-09-28" },
              { "name": "workingDays", "in": "query", "required": true, "schema": { "type": "integer", "minimum": 0, "maximum": 3650 }, "example": 20 }
            ],
            "responses": {
              "200": { "description": "The due date", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Due" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" }
            }
          }
        },
        "/api/v1/calendar/working-days": {
          "get": {
            "operationId": "calendarWorkingDays", "summary": "Working days after one date up to and including another", "security": [],
            "parameters": [
              { "name": "from", "in": "query", "required": true, "schema": { "type": "string", "format": "date" } },
              { "name": "to", "in": "query", "required": true, "schema": { "type": "string", "format": "date" } }
            ],
            "responses": {
              "200": { "description": "The count", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/WorkingDays" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" }
            }
          }
        },
        "/api/v1/calendar/years/{year}": {
          "get": {
            "operationId": "calendarYear", "summary": "Holidays and makeup workdays of a year", "security": [],
            "description": "A year the calendar has no data for is a 400 that names it.",
            "parameters": [{ "name": "year", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 2004, "maximum": 9999 }, "example": 2026 }],
            "responses": {
              "200": { "description": "The year's arrangement", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CalendarYear" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" }
            }
          }
        },
        "/api/v1/me": {
          "get": {
            "operationId": "me", "summary": "The caller: a person with roles, or a token with scopes",
            "security": [{ "bearer": [] }, { "session": [] }],
            "responses": {
              "200": { "description": "The caller", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Me" } } } },
              "401": { "$ref": "#/components/responses/Unauthorized" }
            }
          }
        },
        "/api/v1/organisations": {
          "get": {
            "operationId": "organisations", "summary": "The organisation tree (scope org:read, or any staff session)",
            "security": [{ "bearer": [] }, { "session": [] }],
            "responses": {
              "200": { "description": "Units, parents before children", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/OrganisationUnit" } } } } },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" }
            }
          }
        },
        "/api/v1/audit": {
          "get": {
            "operationId": "audit", "summary": "Audit log entries, newest first (scope audit:read, or a supervisor session)",
            "security": [{ "bearer": [] }, { "session": [] }],
            "parameters": [
              { "name": "actor", "in": "query", "schema": { "type": "string" } },
              { "name": "action", "in": "query", "schema": { "type": "string" } },
              { "name": "objectType", "in": "query", "schema": { "type": "string" } },
              { "name": "objectID", "in": "query", "schema": { "type": "string" } },
              { "name": "from", "in": "query", "schema": { "type": "string", "format": "date" } },
              { "name": "until", "in": "query", "schema": { "type": "string", "format": "date" } },
              { "name": "before", "in": "query", "schema": { "type": "integer" } },
              { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 500 } }
            ],
            "responses": {
              "200": { "description": "A page of entries", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/AuditEntries" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" }
            }
          }
        },
        "/api/v1/disclosure/items": {
          "get": {
            "operationId": "searchDisclosure", "summary": "Search the public disclosure catalogue (Chinese substrings, two characters and up; one character as a prefix)", "security": [],
            "parameters": [
              { "name": "q", "in": "query", "schema": { "type": "string", "maxLength": 200 } },
              { "name": "unit", "in": "query", "schema": { "type": "string", "format": "uuid" } },
              { "name": "category", "in": "query", "schema": { "type": "string", "maxLength": 20 } },
              { "name": "year", "in": "query", "schema": { "type": "integer", "minimum": 1990, "maximum": 2100 } },
              { "name": "validity", "in": "query", "schema": { "type": "string", "enum": ["valid", "expired", "repealed"] } },
              { "name": "page", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 50 } }
            ],
            "responses": {
              "200": { "description": "A page of items, newest first", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/DisclosureItemPage" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" }
            }
          }
        },
        "/api/v1/disclosure/items/{itemID}": {
          "get": {
            "operationId": "getDisclosureItem", "summary": "One public item of the catalogue", "security": [],
            "parameters": [{ "name": "itemID", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }],
            "responses": {
              "200": { "description": "The item as published", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/DisclosureItem" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "404": { "$ref": "#/components/responses/NotFound" }
            }
          }
        },
        "/api/v1/disclosure/requests": {
          "post": {
            "operationId": "fileDisclosureRequest", "summary": "File a request for disclosure (依申请公开)",
            "parameters": [{ "$ref": "#/components/parameters/IdempotencyKey" }],
            "security": [{ "bearer": [] }, { "session": [] }],
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewDisclosureRequest" } } } },
            "responses": {
              "409": { "$ref": "#/components/responses/IdempotencyInProgress" },
              "422": { "$ref": "#/components/responses/IdempotencyKeyReused" },
              "201": { "description": "Filed; the query code is shown this once", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/DisclosureRequestStatus" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" },
              "413": { "$ref": "#/components/responses/TooLarge" },
              "415": { "$ref": "#/components/responses/UnsupportedMediaType" }
            }
          }
        },
        "/api/v1/disclosure/requests/{number}": {
          "get": {
            "operationId": "trackDisclosureRequest", "summary": "A request's status by its number and query code", "security": [],
            "parameters": [
              { "name": "number", "in": "path", "required": true, "schema": { "type": "string", "maxLength": 40 } },
              { "name": "code", "in": "query", "required": true, "schema": { "type": "string", "maxLength": 12 } }
            ],
            "responses": {
              "200": { "description": "The status", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/DisclosureRequestStatus" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "404": { "$ref": "#/components/responses/NotFound" },
              "429": { "$ref": "#/components/responses/TooManyWrongCodes" }
            }
          }
        },
        "/api/v1/sharing/catalog": {
          "get": {
            "operationId": "sharingCatalog", "summary": "The resource catalog (政务信息资源目录) as DCAT-AP 2 JSON-LD; for staff and exchange:query tokens",
            "security": [{ "bearer": [] }, { "session": [] }],
            "responses": {
              "200": { "description": "A dcat:Catalog", "content": { "application/ld+json": { "schema": { "type": "object" } } } },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" }
            }
          }
        },
        "/api/v1/sharing/catalog.csv": {
          "get": {
            "operationId": "sharingCatalogCSV", "summary": "The resource catalog as CSV, one row per field",
            "security": [{ "bearer": [] }, { "session": [] }],
            "responses": {
              "200": { "description": "CSV, UTF-8 with a BOM", "content": { "text/csv": { "schema": { "type": "string" } } } },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" }
            }
          }
        },
        "/api/v1/sharing/requests": {
          "post": {
            "operationId": "fileSharingRequest", "summary": "Ask to use a conditional resource (or challenge a not-shared one); the answer is due within the reply limit",
            "parameters": [{ "$ref": "#/components/parameters/IdempotencyKey" }],
            "security": [{ "bearer": [] }, { "session": [] }],
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewSharingRequest" } } } },
            "responses": {
              "409": { "$ref": "#/components/responses/IdempotencyInProgress" },
              "422": { "$ref": "#/components/responses/IdempotencyKeyReused" },
              "201": { "description": "Filed", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/SharingRequestStatus" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" },
              "404": { "$ref": "#/components/responses/NotFound" },
              "413": { "$ref": "#/components/responses/TooLarge" },
              "415": { "$ref": "#/components/responses/UnsupportedMediaType" }
            }
          }
        },
        "/api/v1/sharing/requests/{number}": {
          "get": {
            "operationId": "getSharingRequest", "summary": "A sharing request, for the stewards of its requester, provider or bureau",
            "security": [{ "bearer": [] }, { "session": [] }],
            "parameters": [{ "name": "number", "in": "path", "required": true, "schema": { "type": "string", "maxLength": 40 } }],
            "responses": {
              "200": { "description": "The request", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/SharingRequestStatus" } } } },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" },
              "404": { "$ref": "#/components/responses/NotFound" }
            }
          }
        },
        "/api/v1/exchange/{code}": {
          "get": {
            "operationId": "exchangeQuery", "summary": "Query a shared resource through the exchange as the token's unit; every call, served or refused, is logged in the hash-chained access log",
            "security": [{ "bearer": [] }],
            "parameters": [
              { "name": "code", "in": "path", "required": true, "schema": { "type": "string", "maxLength": 40 } },
              { "name": "subject", "in": "query", "schema": { "type": "string", "maxLength": 64 }, "description": "The ID number or credit code the records are about; required for resources with a subject field" },
              { "name": "fields", "in": "query", "schema": { "type": "string", "maxLength": 2000 }, "description": "Comma-separated fields; all that may be read if absent" },
              { "name": "X-GovHall-Purpose", "in": "header", "required": true, "schema": { "type": "string", "maxLength": 200 }, "description": "The purpose code of the grant the call relies on" },
              { "name": "X-GovHall-Issue", "in": "header", "required": true, "schema": { "type": "string", "maxLength": 200 }, "description": "The case or matter the call serves" },
              { "name": "X-GovHall-User", "in": "header", "required": true, "schema": { "type": "string", "maxLength": 200 }, "description": "The end user the system asks for" }
            ],
            "responses": {
              "200": { "description": "The records, limited to the fields the caller may read", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ExchangeResult" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" },
              "404": { "$ref": "#/components/responses/NotFound" }
            }
          }
        },
        "/api/v1/hotline/categories": {
          "get": {
            "operationId": "hotlineCategories", "summary": "The hotline's category tree (after GB/T 39666)", "security": [],
            "responses": { "200": { "description": "Categories", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/HotlineCategory" } } } } } }
          }
        },
        "/api/v1/hotline/tickets": {
          "post": {
            "operationId": "fileTicket", "summary": "A partner channel files a ticket (token scope hotline:file); routed and given its clock at once",
            "parameters": [{ "$ref": "#/components/parameters/IdempotencyKey" }],
            "security": [{ "bearer": [] }],
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewTicket" } } } },
            "responses": {
              "409": { "$ref": "#/components/responses/IdempotencyInProgress" },
              "422": { "$ref": "#/components/responses/IdempotencyKeyReused" },
              "201": { "description": "Filed, with the number and the query code", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Ticket" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" },
              "413": { "$ref": "#/components/responses/TooLarge" },
              "415": { "$ref": "#/components/responses/UnsupportedMediaType" }
            }
          }
        },
        "/api/v1/hotline/tickets/{number}": {
          "get": {
            "operationId": "trackTicket", "summary": "A ticket's progress and reply, by its number and query code", "security": [],
            "parameters": [
              { "name": "number", "in": "path", "required": true, "schema": { "type": "string", "maxLength": 40 } },
              { "name": "code", "in": "query", "required": true, "schema": { "type": "string", "maxLength": 12 } }
            ],
            "responses": {
              "200": { "description": "The ticket", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Ticket" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "404": { "$ref": "#/components/responses/NotFound" },
              "429": { "$ref": "#/components/responses/TooManyWrongCodes" }
            }
          }
        },
        "/api/v1/mailbox": {
          "get": {
            "operationId": "mailbox", "summary": "The leader mailbox's published letters and replies (personal details removed) and its monthly figures", "security": [],
            "responses": { "200": { "description": "The mailbox", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Mailbox" } } } } }
          }
        },
        "/api/v1/consultations": {
          "get": {
            "operationId": "listConsultations", "summary": "Drafts out for comment (征求意见), newest first", "security": [],
            "responses": {
              "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Consultation" } } } } }
            }
          }
        },
        "/api/v1/consultations/{consultationID}": {
          "get": {
            "operationId": "getConsultation", "summary": "A draft with its paragraphs, its published comments and the adoption summary", "security": [],
            "parameters": [{ "name": "consultationID", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }],
            "responses": {
              "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Consultation" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "404": { "$ref": "#/components/responses/NotFound" }
            }
          }
        },
        "/api/v1/surveys": {
          "get": {
            "operationId": "listSurveys", "summary": "Online surveys; results once closed", "security": [],
            "responses": {
              "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Survey" } } } } }
            }
          }
        },
        "/api/v1/surveys/{surveyID}": {
          "get": {
            "operationId": "getSurvey", "summary": "A survey's questions, and its results once closed", "security": [],
            "parameters": [{ "name": "surveyID", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }],
            "responses": {
              "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Survey" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "404": { "$ref": "#/components/responses/NotFound" }
            }
          }
        },
        "/api/v1/hearings": {
          "get": {
            "operationId": "listHearings", "summary": "Hearings with their seats, selected participants (masked) and records", "security": [],
            "responses": {
              "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Hearing" } } } } }
            }
          }
        },
        "/api/v1/petitions": {
          "get": {
            "operationId": "ownPetitions", "summary": "The signed-in applicant's own petitions and their clocks", "security": [{ "session": [] }],
            "responses": {
              "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Petition" } } } } },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" }
            }
          }
        },
        "/open311/v2/services.json": {
          "get": {
            "operationId": "open311Services", "summary": "GeoReport v2 service list: the hotline's categories", "security": [],
            "parameters": [{ "name": "jurisdiction_id", "in": "query", "schema": { "type": "string", "maxLength": 40 } }],
            "responses": {
              "200": { "description": "Services", "content": { "application/json": { "schema": { "type": "array", "items": { "type": "object",
                "required": ["service_code", "service_name", "metadata", "type"], "properties": { "service_code": { "type": "string" }, "service_name": { "type": "string" },
                "description": { "type": "string" }, "metadata": { "type": "boolean" }, "type": { "type": "string", "enum": ["realtime", "batch", "blackbox"] },
                "keywords": { "type": "string" }, "group": { "type": "string" } } } } } } },
              "400": { "description": "GeoReport v2 error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Open311Errors" } } } },
              "404": { "description": "GeoReport v2 error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Open311Errors" } } } }
            }
          }
        },
        "/open311/v2/services/{service}": {
          "get": {
            "operationId": "open311ServiceDefinition", "summary": "GeoReport v2 service definition (`{service_code}.json`)", "security": [],
            "parameters": [{ "name": "service", "in": "path", "required": true, "schema": { "type": "string", "maxLength": 20 }, "example": "0101.json" }, { "name": "jurisdiction_id", "in": "query", "schema": { "type": "string", "maxLength": 40 } }],
            "responses": {
              "200": { "description": "The definition", "content": { "application/json": { "schema": { "type": "object", "required": ["service_code", "attributes"],
                "properties": { "service_code": { "type": "string" }, "attributes": { "type": "array", "items": { "type": "object",
                "required": ["variable", "code", "datatype", "required", "order", "description"] } } } } } } },
              "400": { "description": "GeoReport v2 error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Open311Errors" } } } },
              "404": { "description": "GeoReport v2 error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Open311Errors" } } } }
            }
          }
        },
        "/open311/v2/requests.json": {
          "get": {
            "operationId": "open311Requests", "summary": "GeoReport v2 service requests (reports and unpublished letters are never listed)", "security": [],
            "parameters": [
              { "name": "service_request_id", "in": "query", "schema": { "type": "string", "maxLength": 4000 } },
              { "name": "service_code", "in": "query", "schema": { "type": "string", "maxLength": 1000 } },
              { "name": "start_date", "in": "query", "schema": { "type": "string", "maxLength": 40 } },
              { "name": "end_date", "in": "query", "schema": { "type": "string", "maxLength": 40 } },
              { "name": "status", "in": "query", "schema": { "type": "string", "enum": ["open", "closed"] } },
              { "name": "jurisdiction_id", "in": "query", "schema": { "type": "string", "maxLength": 40 } }
            ],
            "responses": {
              "200": { "description": "Requests, newest first, at most 1,000", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Open311Request" } } } } },
              "400": { "description": "GeoReport v2 error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Open311Errors" } } } },
              "404": { "description": "GeoReport v2 error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Open311Errors" } } } }
            }
          },
          "post": {
            "operationId": "open311Submit", "summary": "GeoReport v2 submission with an api_key (a token with hotline:file); a ticket like any other", "security": [],
            "parameters": [{ "$ref": "#/components/parameters/IdempotencyKey" }],
            "requestBody": { "required": true, "content": { "application/x-www-form-urlencoded": { "schema": { "type": "object", "required": ["api_key", "service_code", "description"],
              "properties": { "api_key": { "type": "string" }, "service_code": { "type": "string" }, "description": { "type": "string", "maxLength": 4000 },
              "lat": { "type": "string" }, "long": { "type": "string" }, "address_string": { "type": "string", "maxLength": 200 }, "email": { "type": "string" },
              "first_name": { "type": "string" }, "last_name": { "type": "string" }, "phone": { "type": "string" }, "jurisdiction_id": { "type": "string" } } } } } },
            "responses": {
              "409": { "description": "GeoReport v2 error: a request with this Idempotency-Key is still being handled", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Open311Errors" } } } },
              "422": { "description": "GeoReport v2 error: the Idempotency-Key was used for a different request", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Open311Errors" } } } },
              "201": { "description": "Created", "content": { "application/json": { "schema": { "type": "array", "items": { "type": "object", "required": ["service_request_id"],
                "properties": { "service_request_id": { "type": "string" }, "service_notice": { "type": ["string", "null"] }, "account_id": { "type": ["string", "null"] } } } } } } },
              "400": { "description": "GeoReport v2 error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Open311Errors" } } } },
              "403": { "description": "GeoReport v2 error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Open311Errors" } } } },
              "404": { "description": "GeoReport v2 error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Open311Errors" } } } },
              "413": { "description": "GeoReport v2 error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Open311Errors" } } } },
              "415": { "description": "GeoReport v2 error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Open311Errors" } } } }
            }
          }
        },
        "/open311/v2/requests/{request}": {
          "get": {
            "operationId": "open311Request", "summary": "One GeoReport v2 service request (`{service_request_id}.json`)", "security": [],
            "parameters": [{ "name": "request", "in": "path", "required": true, "schema": { "type": "string", "maxLength": 60 } }, { "name": "jurisdiction_id", "in": "query", "schema": { "type": "string", "maxLength": 40 } }],
            "responses": {
              "200": { "description": "The request, as a one-element array", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Open311Request" } } } } },
              "400": { "description": "GeoReport v2 error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Open311Errors" } } } },
              "404": { "description": "GeoReport v2 error", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Open311Errors" } } } }
            }
          }
        },
        "/api/v1/credit": {
          "get": {
            "operationId": "searchCredit", "summary": "Enterprises by name or credit code (企业信用信息查询)", "security": [],
            "parameters": [{ "name": "q", "in": "query", "required": true, "schema": { "type": "string", "minLength": 2, "maxLength": 60 } }],
            "responses": {
              "200": { "description": "Up to 20 enterprises", "content": { "application/json": { "schema": { "type": "array", "items": {
                "type": "object", "required": ["code", "name"], "properties": { "code": { "type": "string" }, "name": { "type": "string" }, "status": { "type": "string" } } } } } } },
              "400": { "$ref": "#/components/responses/BadRequest" }
            }
          }
        },
        "/api/v1/credit/{code}": {
          "get": {
            "operationId": "getCreditFile", "summary": "An enterprise's credit file, what is public of it (or all of it for staff and the enterprise itself)", "security": [],
            "parameters": [{ "name": "code", "in": "path", "required": true, "schema": { "type": "string", "maxLength": 18 } }],
            "responses": {
              "200": { "description": "The credit file", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CreditFile" } } } },
              "404": { "$ref": "#/components/responses/NotFound" }
            }
          }
        },
        "/api/v1/registries/{kind}/imports": {
          "post": {
            "operationId": "importRegistry", "summary": "Bulk import a base registry from CSV (UTF-8 or GBK) sent as the body; reported row by row, rerunning it changes nothing",
            "security": [{ "bearer": [] }, { "session": [] }],
            "parameters": [
              { "$ref": "#/components/parameters/IdempotencyKey" },
              { "name": "kind", "in": "path", "required": true, "schema": { "type": "string", "enum": ["population", "legal_entity", "geospatial"] } },
              { "name": "fileName", "in": "query", "schema": { "type": "string", "maxLength": 200 } }
            ],
            "requestBody": { "required": true, "content": { "text/csv": { "schema": { "type": "string" } } } },
            "responses": {
              "409": { "$ref": "#/components/responses/IdempotencyInProgress" },
              "422": { "$ref": "#/components/responses/IdempotencyKeyReused" },
              "201": { "description": "The import's report", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/RegistryImport" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" },
              "404": { "$ref": "#/components/responses/NotFound" },
              "413": { "$ref": "#/components/responses/TooLarge" }
            }
          }
        },
        "/api/v1/registries/imports/{importID}": {
          "get": {
            "operationId": "getRegistryImport", "summary": "An import's report, for data stewards",
            "security": [{ "bearer": [] }, { "session": [] }],
            "parameters": [{ "name": "importID", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }],
            "responses": {
              "200": { "description": "The report", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/RegistryImport" } } } },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" },
              "404": { "$ref": "#/components/responses/NotFound" }
            }
          }
        },
        "/api/v1/exchange/{code}/file": {
          "get": {
            "operationId": "exchangeFile", "summary": "A resource provided as a file, as CSV, through the same gate; logged as one line with the number of records handed over",
            "security": [{ "bearer": [] }],
            "parameters": [
              { "name": "code", "in": "path", "required": true, "schema": { "type": "string", "maxLength": 40 } },
              { "name": "after", "in": "query", "schema": { "type": "string", "maxLength": 64 }, "description": "Continue after this key (the X-GovHall-Next-After of the previous part)" },
              { "name": "fields", "in": "query", "schema": { "type": "string", "maxLength": 2000 } },
              { "name": "X-GovHall-Purpose", "in": "header", "required": true, "schema": { "type": "string", "maxLength": 200 } },
              { "name": "X-GovHall-Issue", "in": "header", "required": true, "schema": { "type": "string", "maxLength": 200 } },
              { "name": "X-GovHall-User", "in": "header", "required": true, "schema": { "type": "string", "maxLength": 200 } }
            ],
            "responses": {
              "200": { "description": "Up to 10,000 records as CSV (UTF-8 with a BOM)", "content": { "text/csv": { "schema": { "type": "string" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" },
              "404": { "$ref": "#/components/responses/NotFound" }
            }
          }
        },
        "/api/v1/matters": {
          "get": {
            "operationId": "listMatters", "summary": "The service catalogue, searchable in Chinese and English", "security": [],
            "parameters": [
              { "name": "q", "in": "query", "schema": { "type": "string", "maxLength": 100 } },
              { "name": "event", "in": "query", "schema": { "type": "string" }, "description": "A life event or business stage, e.g. starting-business" }
            ],
            "responses": {
              "200": { "description": "Matters", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/MatterSummary" } } } } },
              "400": { "$ref": "#/components/responses/BadRequest" }
            }
          }
        },
        "/api/v1/matters/{code}": {
          "get": {
            "operationId": "getMatter", "summary": "A matter's current guide (办事指南) and form", "security": [],
            "parameters": [{ "name": "code", "in": "path", "required": true, "schema": { "type": "string" } }],
            "responses": {
              "200": { "description": "The matter definition", "content": { "application/json": { "schema": { "type": "object" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "404": { "$ref": "#/components/responses/NotFound" }
            }
          }
        },
        "/api/v1/cases": {
          "get": {
            "operationId": "listCases", "summary": "My cases (applicant, newest first) or my inbox (staff, most urgent first), a page at a time",
            "security": [{ "bearer": [] }, { "session": [] }],
            "parameters": [
              { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 200, "default": 50 } },
              { "name": "after", "in": "query", "description": "The cursor from the previous page's Link header", "schema": { "type": "string", "maxLength": 200 } }
            ],
            "responses": {
              "200": {
                "description": "Cases",
                "headers": { "Link": { "description": "When there are more: <address of the next page>; rel=\"next\"", "schema": { "type": "string" } } },
                "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/CaseStatus" } } } }
              },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" }
            }
          },
          "post": {
            "operationId": "submitCase", "summary": "Apply for a matter (an applicant's session, or a cases:act token issued for an applicant)",
            "parameters": [{ "$ref": "#/components/parameters/IdempotencyKey" }],
            "security": [{ "bearer": [] }, { "session": [] }],
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewCase" } } } },
            "responses": {
              "409": { "$ref": "#/components/responses/IdempotencyInProgress" },
              "422": { "$ref": "#/components/responses/IdempotencyKeyReused" },
              "201": { "description": "Received; the acceptance clock runs", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CaseStatus" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "415": { "$ref": "#/components/responses/UnsupportedMediaType" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" },
              "404": { "$ref": "#/components/responses/NotFound" },
              "413": { "$ref": "#/components/responses/TooLarge" }
            }
          }
        },
        "/api/v1/cases/{caseID}": {
          "get": {
            "operationId": "getCase", "summary": "A case's status, for its applicant or staff who handle it",
            "security": [{ "bearer": [] }, { "session": [] }],
            "parameters": [{ "name": "caseID", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }],
            "responses": {
              "200": { "description": "The case", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CaseStatus" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" },
              "404": { "$ref": "#/components/responses/NotFound" }
            }
          }
        },
        "/api/v1/cases/{caseID}/materials": {
          "post": {
            "operationId": "uploadMaterial", "summary": "Hand in a material (a correction, or a clerk's scan)",
            "security": [{ "bearer": [] }, { "session": [] }],
            "parameters": [{ "name": "caseID", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }],
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/MaterialUpload" } } } },
            "responses": {
              "200": { "description": "The case", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CaseStatus" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "415": { "$ref": "#/components/responses/UnsupportedMediaType" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" },
              "404": { "$ref": "#/components/responses/NotFound" },
              "413": { "$ref": "#/components/responses/TooLarge" }
            }
          }
        },
        "/api/v1/cases/{caseID}/actions": {
          "post": {
            "operationId": "actOnCase", "summary": "Take an action the case's state and the caller's role allow",
            "security": [{ "bearer": [] }, { "session": [] }],
            "parameters": [{ "name": "caseID", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }],
            "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CaseAction" } } } },
            "responses": {
              "200": { "description": "The case after the action", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/CaseStatus" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "415": { "$ref": "#/components/responses/UnsupportedMediaType" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" },
              "404": { "$ref": "#/components/responses/NotFound" },
              "409": { "$ref": "#/components/responses/Conflict" }
            }
          }
        },
        "/api/v1/track": {
          "get": {
            "operationId": "trackCase", "summary": "Public progress by tracking number and query code", "security": [],
            "parameters": [
              { "name": "number", "in": "query", "required": true, "schema": { "type": "string", "maxLength": 40 } },
              { "name": "code", "in": "query", "required": true, "schema": { "type": "string", "maxLength": 12 } }
            ],
            "responses": {
              "200": { "description": "Progress", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/TrackStatus" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "404": { "$ref": "#/components/responses/NotFound" },
              "429": { "$ref": "#/components/responses/TooManyWrongCodes" }
            }
          }
        },
        "/api/v1/performance": {
          "get": {
            "operationId": "performance", "summary": "Department performance (效能公示): figures, scores explained by their parts, ranking", "security": [],
            "description": "By default the 30 days ending today; a period may be up to 1830 days.",
            "parameters": [
              { "name": "region", "in": "query", "schema": { "type": "string", "format": "uuid" }, "description": "A region's unit id" },
              { "name": "department", "in": "query", "schema": { "type": "string", "format": "uuid" } },
              { "name": "matter", "in": "query", "schema": { "type": "string", "maxLength": 100 }, "description": "A matter's code" },
              { "name": "from", "in": "query", "schema": { "type": "string", "format": "date" } },
              { "name": "to", "in": "query", "schema": { "type": "string", "format": "date" } }
            ],
            "responses": {
              "200": { "description": "Every department, best first", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Performance" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" }
            }
          }
        },
        "/api/v1/supervision/obligations": {
          "get": {
            "operationId": "supervisionObligations", "summary": "Open obligations by status (scope supervision:read, or a supervisor session)",
            "security": [{ "bearer": [] }, { "session": [] }],
            "parameters": [
              { "name": "status", "in": "query", "schema": { "type": "string", "pattern": "^(normal|reminder|warning|overdue)(,(normal|reminder|warning|overdue)){0,3}$" }, "description": "Comma-separated; default warning,overdue", "example": "overdue" },
              { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 500 } },
              { "name": "offset", "in": "query", "schema": { "type": "integer", "minimum": 0, "maximum": 1000000 } },
              { "name": "region", "in": "query", "schema": { "type": "string", "format": "uuid" }, "description": "A region's unit id" },
              { "name": "department", "in": "query", "schema": { "type": "string", "format": "uuid" } },
              { "name": "matter", "in": "query", "schema": { "type": "string", "maxLength": 100 }, "description": "A matter's code" },
              { "name": "from", "in": "query", "schema": { "type": "string", "format": "date" } },
              { "name": "to", "in": "query", "schema": { "type": "string", "format": "date" } }
            ],
            "responses": {
              "200": { "description": "The soonest due first", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Obligations" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" }
            }
          }
        },
        "/api/v1/supervision/violations": {
          "get": {
            "operationId": "supervisionViolations", "summary": "Rule violations found (scope supervision:read, or a supervisor session); by default the last 90 days",
            "security": [{ "bearer": [] }, { "session": [] }],
            "parameters": [
              { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 500 } },
              { "name": "region", "in": "query", "schema": { "type": "string", "format": "uuid" }, "description": "A region's unit id" },
              { "name": "department", "in": "query", "schema": { "type": "string", "format": "uuid" } },
              { "name": "matter", "in": "query", "schema": { "type": "string", "maxLength": 100 }, "description": "A matter's code" },
              { "name": "from", "in": "query", "schema": { "type": "string", "format": "date" } },
              { "name": "to", "in": "query", "schema": { "type": "string", "format": "date" } }
            ],
            "responses": {
              "200": { "description": "Newest first", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Violation" } } } } },
              "400": { "$ref": "#/components/responses/BadRequest" },
              "401": { "$ref": "#/components/responses/Unauthorized" },
              "403": { "$ref": "#/components/responses/Forbidden" }
            }
          }
        },
        "/api/v1/certificates/verify": {
          "get": {
            "operationId": "verifyCertificate", "summary": "Verify a certificate by number with its check code, or by QR text alone", "security": [],
            "parameters": [
              { "name": "code", "in": "query", "required": true, "schema": { "type": "string", "minLength": 1, "maxLength": 4096 }, "description": "The certificate number, or the QR text (GHC1.…)" },
              { "name": "check", "in": "query", "schema": { "type": "string", "maxLength": 64 }, "description": "The check code (核验码) printed on the certificate; needed with a number, ignored with QR text. A wrong or missing code answers as an unknown number does (verdict not_found)" }
            ],
            "responses": {
              "200": { "description": "The verdict, whatever it is (including not_found)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Verification" } } } },
              "400": { "$ref": "#/components/responses/BadRequest" }
            }
          }
        }
      }
    }
    """#

    static func serve(_ request: Request) -> Response {
        let response = Response(status: .ok, body: .init(string: json))
        response.headers.contentType = .json
        return response
    }
}
