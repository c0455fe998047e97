/** The entry point of the sidecar parser's worker thread (bundled as dist/sidecarWorker.js). */
import { answerParseRequest } from './sidecarWorker';

answerParseRequest();
