/** The entry point of the article reader's worker threads (bundled as dist/articleWorker.js). */
import { answerArticleRequests } from './articleReader';

answerArticleRequests();
